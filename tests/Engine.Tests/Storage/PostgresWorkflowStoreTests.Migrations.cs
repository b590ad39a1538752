using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;

namespace Weft.Engine.Tests.Storage;

public sealed partial class PostgresWorkflowStoreTests
{
    [PostgresFact]
    public async Task InitializeAsync_TwoStoresOnANewDatabaseAtOnce_BothWorkAndEachMigrationIsRecordedOnce()
    {
        var database = await cluster.CreateDatabaseAsync();
        const string schema = "weft";
        await using var first = new PostgresWorkflowStore(cluster.Options(schema, connectionString: database));
        await using var second = new PostgresWorkflowStore(cluster.Options(schema, connectionString: database));

        await Task.WhenAll(Task.Run(() => first.InitializeAsync()), Task.Run(() => second.InitializeAsync()));

        Convert.ToInt64(await ScalarAsync(schema, "SELECT count(*) FROM schema_migrations", database)).ShouldBe(PostgresMigrations.All.Count);
        Convert.ToInt64(await ScalarAsync(schema, "SELECT count(DISTINCT version) FROM schema_migrations", database)).ShouldBe(PostgresMigrations.All.Count);
        Convert.ToInt64(await ScalarAsync(schema, "SELECT count(*) FROM pg_tables WHERE schemaname = 'weft'", database)).ShouldBe(11); // 9 + alert_rules, alerts (migration 3)
        await first.SaveDefinitionAsync(Definition("a"));
        (await second.SaveDefinitionAsync(Definition("a"))).ShouldBe(2);
        (await first.GetDefinitionAsync("a"))!.Version.ShouldBe(2);
    }

    [PostgresFact]
    public async Task InitializeAsync_ReopenedSchema_AppliesNothingTwice()
    {
        var schema = PostgresCluster.NewSchema();
        await (await OpenAsync(schema)).DisposeAsync();
        var appliedAt = await ScalarAsync(schema, "SELECT max(applied_at) FROM schema_migrations");

        await (await OpenAsync(schema)).DisposeAsync();

        Convert.ToInt64(await ScalarAsync(schema, "SELECT count(*) FROM schema_migrations")).ShouldBe(PostgresMigrations.All.Count);
        (await ScalarAsync(schema, "SELECT max(applied_at) FROM schema_migrations")).ShouldBe(appliedAt);
    }

    [PostgresFact]
    public async Task SaveDefinition_TwoStoresSavingOneIdAtOnce_NumberVersionsWithoutGapsOrDuplicates()
    {
        var schema = PostgresCluster.NewSchema();
        await using var first = await OpenAsync(schema);
        await using var second = await OpenAsync(schema);

        var versions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).SaveDefinitionAsync(Definition("shared"))));

        versions.Order().ShouldBe(Enumerable.Range(1, 40));
    }

    [PostgresFact]
    public async Task Reopen_AfterDispose_EverythingIsStillThere()
    {
        var schema = PostgresCluster.NewSchema();
        string instanceId;
        await using (var store = await OpenAsync(schema))
        {
            await store.SaveDefinitionAsync(Definition("a"));
            await store.PublishDefinitionAsync("a", 1);
            var instance = await CreateClaimedAsync(store);
            instance.Status = InstanceStatus.Suspended;
            var commit = Commit(instance, "worker-1", WorkPlan.ReadyAt, At(60));
            commit.Journal.Add(Journal(instance.Id, "j1", "start", JournalStatus.Completed, Now));
            commit.Events.Add(Event(instance.Id, 1));
            await store.CommitAsync(commit);
            await store.SendSignalAsync(instance.Id, "approve", null, At(1));
            instanceId = instance.Id;
        }

        await using var reopened = await OpenAsync(schema);

        (await reopened.GetPublishedDefinitionAsync("a"))!.Version.ShouldBe(1);
        (await reopened.GetInstanceAsync(instanceId))!.Status.ShouldBe(InstanceStatus.Suspended);
        (await reopened.GetJournalAsync(instanceId)).ShouldHaveSingleItem().Id.ShouldBe("j1");
        (await reopened.GetEventsAsync(instanceId, 0)).ShouldHaveSingleItem();
        (await reopened.GetPendingSignalsAsync(instanceId)).ShouldHaveSingleItem();
        (await ClaimIdsAsync(reopened, "worker-2", At(1))).ShouldBe([instanceId]);
    }

    [PostgresFact]
    public async Task DisposeAsync_ThenUse_ThrowsObjectDisposed()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(() => store.GetInstanceAsync("any"));
        await Should.ThrowAsync<ObjectDisposedException>(() => store.SaveDefinitionAsync(Definition("a")));
        Should.Throw<ObjectDisposedException>(() => store.ListenForWorkAsync());
    }

    [PostgresFact]
    public void Constructor_SchemaNotALowerCaseIdentifier_ThrowsNamingIt()
    {
        var error = Should.Throw<ArgumentException>(() => new PostgresWorkflowStore(cluster.Options("Weft; DROP TABLE x")));

        error.Message.ShouldContain("Weft; DROP TABLE x");
    }

    [PostgresFact]
    public async Task GetInstance_StateIsNotAnInstanceDocument_ThrowsStoreCorruptionNamingTableAndId()
    {
        var schema = PostgresCluster.NewSchema();
        await using var store = await OpenAsync(schema);
        await CreateAsync(store, NewInstance(id: "broken-1"));
        await ScalarAsync(schema, "UPDATE instances SET state = '[1, 2]' WHERE id = 'broken-1'");

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetInstanceAsync("broken-1"));

        error.Message.ShouldContain("instances");
        error.Message.ShouldContain("broken-1");
        (await store.ListInstancesAsync(new InstanceQuery())).Items.ShouldHaveSingleItem().Id.ShouldBe("broken-1");
    }

    [PostgresFact]
    public async Task GetInstance_UnknownStatusText_ThrowsStoreCorruption()
    {
        var schema = PostgresCluster.NewSchema();
        await using var store = await OpenAsync(schema);
        await CreateAsync(store, NewInstance(id: "broken-2"));
        await ScalarAsync(schema, "UPDATE instances SET status = 'Exploded' WHERE id = 'broken-2'");

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetInstanceAsync("broken-2"));

        error.Message.ShouldContain("broken-2");
    }

    [PostgresFact]
    public async Task GetDefinition_JsonIsNotADefinition_ThrowsStoreCorruptionNamingTableAndId()
    {
        var schema = PostgresCluster.NewSchema();
        await using var store = await OpenAsync(schema);
        await store.SaveDefinitionAsync(Definition("broken-def"));
        await ScalarAsync(schema, "UPDATE definitions SET json = '[1, 2]' WHERE id = 'broken-def'");

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetDefinitionAsync("broken-def"));

        error.Message.ShouldContain("definitions");
        error.Message.ShouldContain("broken-def");
    }
}
