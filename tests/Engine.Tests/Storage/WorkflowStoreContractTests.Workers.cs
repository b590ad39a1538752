using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task RecordWorker_RefreshesPresence_AndListWorkersKeepsOnlyRecentOnes()
    {
        await using var store = await CreateStoreAsync();
        await store.RecordWorkerAsync(new WorkerPresence("old", ["default"], "host-a", At(-120), At(-90), 0));
        await store.RecordWorkerAsync(new WorkerPresence("live", ["default", "ai"], "host-b", At(-60), At(-60), 1));
        await store.RecordWorkerAsync(new WorkerPresence("live", ["default", "ai"], "host-b", At(-60), At(-5), 3));

        var workers = await store.ListWorkersAsync(At(-30));

        var live = workers.ShouldHaveSingleItem();
        live.WorkerId.ShouldBe("live");
        live.Queues.ShouldBe(["default", "ai"]);
        live.LastSeenAt.ShouldBe(At(-5));
        live.StartedAt.ShouldBe(At(-60));
        live.ActiveInstances.ShouldBe(3);
        (await store.RemoveWorkerAsync("live")).ShouldBeTrue();
        (await store.ListWorkersAsync(At(-30))).ShouldBeEmpty();
        (await store.RemoveWorkerAsync("live")).ShouldBeFalse();
    }
}
