using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Engine.Tests.Storage;

/// <summary>The contract on a real SQLite file per test, plus what only SQLite has: group commit, the file itself.</summary>
public sealed class SqliteWorkflowStoreTests : WorkflowStoreContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-store-tests", Guid.NewGuid().ToString("N"));

    public SqliteWorkflowStoreTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "weft.db");

    protected override async Task<IWorkflowStore> CreateStoreAsync() => await OpenAsync();

    private async Task<SqliteWorkflowStore> OpenAsync(bool groupCommit = true)
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath, GroupCommit = groupCommit });
        await store.InitializeAsync();
        return store;
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private object? Scalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql, string id)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        command.ExecuteNonQuery().ShouldBe(1);
    }

    [Fact]
    public async Task CommitAsync_200ConcurrentCommits_ShareFarFewerTransactions()
    {
        await using var store = await OpenAsync();
        var instances = new List<InstanceRecord>();
        for (var i = 0; i < 200; i++)
            instances.Add(await CreateClaimedAsync(store));
        foreach (var instance in instances)
            instance.Status = InstanceStatus.Suspended;
        var before = store.TransactionCount;

        await Task.WhenAll(instances.Select(instance => store.CommitAsync(Commit(instance, "worker-1"))));

        var transactions = store.TransactionCount - before;
        transactions.ShouldBeLessThan(20);
        (await store.ListInstancesAsync(new InstanceQuery { Status = InstanceStatus.Suspended, Take = 500 })).Total.ShouldBe(200);
    }

    [Fact]
    public async Task CommitAsync_FailingHalfwayInsideABatch_RollsBackOnlyItsOwnWrites()
    {
        await using var store = await OpenAsync();
        var instances = new List<InstanceRecord>();
        for (var i = 0; i < 30; i++)
            instances.Add(await CreateClaimedAsync(store));
        foreach (var instance in instances)
            instance.Status = InstanceStatus.Suspended;
        var broken = Commit(instances[10], "worker-1");
        // The instance row is updated before this journal row breaks the foreign key.
        broken.Journal.Add(Journal("no-such-instance", "j-ghost", "start", JournalStatus.Running, Now));

        var commits = instances.Select((instance, i) => store.CommitAsync(i == 10 ? broken : Commit(instance, "worker-1"))).ToList();
        await Should.ThrowAsync<SqliteException>(() => commits[10]);
        await Task.WhenAll(commits.Where((_, i) => i != 10));

        (await store.GetInstanceAsync(instances[10].Id))!.Status.ShouldBe(InstanceStatus.Running);
        (await store.ListInstancesAsync(new InstanceQuery { Status = InstanceStatus.Suspended })).Total.ShouldBe(29);
    }

    [Fact]
    public async Task CommitAsync_GroupCommitOff_OneTransactionPerCommit()
    {
        await using var store = await OpenAsync(groupCommit: false);
        var instances = new List<InstanceRecord>();
        for (var i = 0; i < 20; i++)
            instances.Add(await CreateClaimedAsync(store));
        var before = store.TransactionCount;

        await Task.WhenAll(instances.Select(instance => store.CommitAsync(Commit(instance, "worker-1"))));

        (store.TransactionCount - before).ShouldBe(20);
    }

    [Fact]
    public async Task CommitAsync_SingleCaller_OneTransactionPerCommit()
    {
        await using var store = await OpenAsync();
        var instance = await CreateClaimedAsync(store);
        var before = store.TransactionCount;

        for (var i = 0; i < 5; i++)
            await store.CommitAsync(Commit(instance, "worker-1"));

        (store.TransactionCount - before).ShouldBe(5);
    }

    [Fact]
    public async Task CommitAsync_CancelledWhileQueued_WritesNothing()
    {
        await using var store = await OpenAsync();
        var instance = await CreateClaimedAsync(store);
        instance.Status = InstanceStatus.Completed;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => store.CommitAsync(Commit(instance, "worker-1"), cancelled.Token));

        (await store.GetInstanceAsync(instance.Id))!.Status.ShouldBe(InstanceStatus.Running);
    }

    [Fact]
    public async Task Reopen_AfterDispose_EverythingIsStillThere()
    {
        string instanceId;
        await using (var store = await OpenAsync())
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

        await using var reopened = await SqliteWorkflowStore.OpenAsync(DatabasePath);

        (await reopened.GetPublishedDefinitionAsync("a"))!.Version.ShouldBe(1);
        (await reopened.GetInstanceAsync(instanceId))!.Status.ShouldBe(InstanceStatus.Suspended);
        (await reopened.GetJournalAsync(instanceId)).ShouldHaveSingleItem().Id.ShouldBe("j1");
        (await reopened.GetEventsAsync(instanceId, 0)).ShouldHaveSingleItem();
        (await reopened.GetPendingSignalsAsync(instanceId)).ShouldHaveSingleItem();
        (await ClaimIdsAsync(reopened, "worker-2", At(1))).ShouldBe([instanceId]);
    }

    [Fact]
    public async Task InitializeAsync_TwoStoresOnOneFileAtOnce_BothWorkAndEachMigrationIsRecordedOnce()
    {
        await using var first = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath });
        await using var second = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath });

        await Task.WhenAll(Task.Run(() => first.InitializeAsync()), Task.Run(() => second.InitializeAsync()));

        Convert.ToInt64(Scalar("SELECT count(*) FROM schema_migrations")).ShouldBe(SqliteMigrations.All.Count);
        Convert.ToInt64(Scalar("SELECT count(DISTINCT version) FROM schema_migrations")).ShouldBe(SqliteMigrations.All.Count);
        await first.SaveDefinitionAsync(Definition("a"));
        (await second.SaveDefinitionAsync(Definition("a"))).ShouldBe(2);
        (await first.GetDefinitionAsync("a"))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task InitializeAsync_ReopenedFile_AppliesNothingTwice()
    {
        await (await OpenAsync()).DisposeAsync();
        var appliedAt = Convert.ToInt64(Scalar("SELECT max(applied_at) FROM schema_migrations"));

        await (await OpenAsync()).DisposeAsync();

        Convert.ToInt64(Scalar("SELECT count(*) FROM schema_migrations")).ShouldBe(SqliteMigrations.All.Count);
        Convert.ToInt64(Scalar("SELECT max(applied_at) FROM schema_migrations")).ShouldBe(appliedAt);
    }

    [Fact]
    public async Task Open_NewFile_UsesWriteAheadLog()
    {
        await using var store = await OpenAsync();

        Scalar("PRAGMA journal_mode").ShouldBe("wal");
    }

    [Fact]
    public async Task ClaimWork_TwoStoresOnOneFile_NeverGetTheSameItem()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => first.CreateInstanceAsync(NewInstance(), [])));
        var claimed = new ConcurrentBag<string>();

        await Task.WhenAll(new[] { first, second, first, second }.Select((store, worker) => Task.Run(async () =>
        {
            while (true)
            {
                var ids = await ClaimIdsAsync(store, $"worker-{worker}", Now, max: 2);
                if (ids.Count == 0)
                    return;
                foreach (var id in ids)
                    claimed.Add(id);
            }
        })));

        claimed.Count.ShouldBe(40);
        claimed.Distinct().Count().ShouldBe(40);
    }

    [Fact]
    public async Task GetInstance_StateIsNotJson_ThrowsStoreCorruptionNamingTableAndId()
    {
        await using var store = await OpenAsync();
        var instance = await CreateAsync(store, NewInstance(id: "broken-1"));
        Execute("UPDATE instances SET state = '{\"input\": [unclosed' WHERE id = @id", instance.Id);

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetInstanceAsync(instance.Id));

        error.Message.ShouldContain("instances");
        error.Message.ShouldContain("broken-1");
        (await store.ListInstancesAsync(new InstanceQuery())).Items.ShouldHaveSingleItem().Id.ShouldBe("broken-1");
    }

    [Fact]
    public async Task GetInstance_UnknownStatusText_ThrowsStoreCorruption()
    {
        await using var store = await OpenAsync();
        var instance = await CreateAsync(store, NewInstance(id: "broken-2"));
        Execute("UPDATE instances SET status = 'Exploded' WHERE id = @id", instance.Id);

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetInstanceAsync(instance.Id));

        error.Message.ShouldContain("broken-2");
    }

    [Fact]
    public async Task GetDefinition_JsonIsNotJson_ThrowsStoreCorruptionNamingTableAndId()
    {
        await using var store = await OpenAsync();
        await store.SaveDefinitionAsync(Definition("broken-def"));
        Execute("UPDATE definitions SET json = '[1, 2' WHERE id = @id", "broken-def");

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetDefinitionAsync("broken-def"));

        error.Message.ShouldContain("definitions");
        error.Message.ShouldContain("broken-def");
    }

    [Fact]
    public async Task GetJournal_OutputIsNotJson_ThrowsStoreCorruptionNamingTableAndId()
    {
        await using var store = await OpenAsync();
        var instance = await CreateAsync(store, NewInstance());
        await store.AppendAsync([Journal(instance.Id, "journal-7", "start", JournalStatus.Running, Now)], []);
        Execute("UPDATE journal SET output = 'nope' WHERE id = @id", "journal-7");

        var error = await Should.ThrowAsync<StoreCorruptionException>(() => store.GetJournalAsync(instance.Id));

        error.Message.ShouldContain("journal");
        error.Message.ShouldContain("journal-7");
    }

    [Fact]
    public async Task DisposeAsync_ThenUse_ThrowsObjectDisposed()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(() => store.GetInstanceAsync("any"));
        await Should.ThrowAsync<ObjectDisposedException>(() => store.SaveDefinitionAsync(Definition("a")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open would be a bug the tests above report; leave the temp dir then.
        }
    }
}
