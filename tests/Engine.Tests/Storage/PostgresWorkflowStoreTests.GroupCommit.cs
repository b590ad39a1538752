using Npgsql;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public sealed partial class PostgresWorkflowStoreTests
{
    [PostgresFact]
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

        (store.TransactionCount - before).ShouldBeLessThan(20);
        (await store.ListInstancesAsync(new InstanceQuery { Status = InstanceStatus.Suspended, Take = 500 })).Total.ShouldBe(200);
    }

    [PostgresFact]
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
        var before = store.TransactionCount;

        var commits = instances.Select((instance, i) => store.CommitAsync(i == 10 ? broken : Commit(instance, "worker-1"))).ToList();
        (await Should.ThrowAsync<PostgresException>(() => commits[10])).SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
        await Task.WhenAll(commits.Where((_, i) => i != 10));

        (await store.GetInstanceAsync(instances[10].Id))!.Status.ShouldBe(InstanceStatus.Running);
        (await store.ListInstancesAsync(new InstanceQuery { Status = InstanceStatus.Suspended })).Total.ShouldBe(29);
        (store.TransactionCount - before).ShouldBeLessThan(30);
    }

    [PostgresFact]
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

    [PostgresFact]
    public async Task CommitAsync_SingleCaller_OneTransactionPerCommit()
    {
        await using var store = await OpenAsync();
        var instance = await CreateClaimedAsync(store);
        var before = store.TransactionCount;

        for (var i = 0; i < 5; i++)
            await store.CommitAsync(Commit(instance, "worker-1"));

        (store.TransactionCount - before).ShouldBe(5);
    }

    [PostgresFact]
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
}
