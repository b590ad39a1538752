using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task SendSignal_UnknownInstance_ReturnsNotFound()
    {
        await using var store = await CreateStoreAsync();

        (await store.SendSignalAsync("missing", "go", null, Now)).ShouldBe(SignalDelivery.InstanceNotFound);
    }

    [Theory]
    [InlineData(InstanceStatus.Completed)]
    [InlineData(InstanceStatus.Cancelled)]
    [InlineData(InstanceStatus.TimedOut)]
    [InlineData(InstanceStatus.Terminated)]
    public async Task SendSignal_EndedInstance_ReturnsEndedAndStoresNothing(InstanceStatus status)
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance(status: status));

        (await store.SendSignalAsync(instance.Id, "go", null, Now)).ShouldBe(SignalDelivery.InstanceEnded);

        (await store.GetPendingSignalsAsync(instance.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SendSignal_FaultedInstance_KeepsSignalForARetry()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance(status: InstanceStatus.Faulted));

        (await store.SendSignalAsync(instance.Id, "go", null, Now)).ShouldBe(SignalDelivery.Accepted);

        (await store.GetPendingSignalsAsync(instance.Id)).ShouldHaveSingleItem().Name.ShouldBe("go");
    }

    [Fact]
    public async Task SendSignal_IdleInstanceWithoutBookmark_IsKeptInInboxAndWakesTheInstance()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateIdleAsync(store);

        var delivery = await store.SendSignalAsync(instance.Id, "approve", new JsonObject { ["by"] = "ann" }, At(5));

        delivery.ShouldBe(SignalDelivery.Accepted);
        var signal = (await store.GetPendingSignalsAsync(instance.Id)).ShouldHaveSingleItem();
        signal.Name.ShouldBe("approve");
        signal.Payload!["by"]!.GetValue<string>().ShouldBe("ann");
        signal.ReceivedAt.ShouldBe(At(5));
        (await ClaimIdsAsync(store, "worker-1", At(4))).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-1", At(5))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task SendSignal_InstanceWaitingForATimer_BecomesDueNow()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateDueAtAsync(store, At(3600));

        await store.SendSignalAsync(instance.Id, "approve", null, At(5));

        (await ClaimIdsAsync(store, "worker-1", At(5))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task SendSignal_LeasedInstance_LeavesTheLeaseWithItsHolder()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);

        await store.SendSignalAsync(instance.Id, "approve", null, At(1));

        (await ClaimIdsAsync(store, "worker-2", At(1))).ShouldBeEmpty();
        await store.CommitAsync(Commit(instance, "worker-1"));
    }

    [Fact]
    public async Task GetPendingSignals_SeveralSignals_OldestFirst()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());
        foreach (var name in new[] { "a", "b", "c" })
            await store.SendSignalAsync(instance.Id, name, null, Now);

        var pending = await store.GetPendingSignalsAsync(instance.Id);

        pending.Select(s => s.Name).ShouldBe(["a", "b", "c"]);
        pending.Select(s => s.Id).ShouldBeInOrder(SortDirection.Ascending);
        pending[0].Payload.ShouldBeNull();
    }

    [Fact]
    public async Task RequestCancel_UnknownInstance_ReturnsNull()
    {
        await using var store = await CreateStoreAsync();

        (await store.RequestCancelAsync("missing", CancelRequest.Cancel, Now)).ShouldBeNull();
    }

    [Fact]
    public async Task RequestCancel_IdleInstance_RecordsRequestAndWakesIt()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateIdleAsync(store);

        var before = await store.RequestCancelAsync(instance.Id, CancelRequest.Cancel, At(1));

        before.ShouldBe(InstanceStatus.Suspended);
        (await store.GetInstanceAsync(instance.Id))!.CancelRequest.ShouldBe(CancelRequest.Cancel);
        (await ClaimIdsAsync(store, "worker-1", At(1))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task RequestCancel_CancelAfterTerminate_KeepsTerminate()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());

        await store.RequestCancelAsync(instance.Id, CancelRequest.Cancel, Now);
        await store.RequestCancelAsync(instance.Id, CancelRequest.Terminate, Now);
        await store.RequestCancelAsync(instance.Id, CancelRequest.Cancel, Now);

        (await store.GetInstanceAsync(instance.Id))!.CancelRequest.ShouldBe(CancelRequest.Terminate);
    }

    [Fact]
    public async Task RequestCancel_LeasedInstance_KeepsTheLeaseWithItsHolder()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);

        (await store.RequestCancelAsync(instance.Id, CancelRequest.Terminate, At(1))).ShouldBe(InstanceStatus.Running);

        (await ClaimIdsAsync(store, "worker-2", At(1))).ShouldBeEmpty();
        await store.CommitAsync(Commit(instance, "worker-1"));
        (await store.GetInstanceAsync(instance.Id))!.CancelRequest.ShouldBe(CancelRequest.Terminate);
    }

    [Fact]
    public async Task RequestCancel_CompletedInstance_ReturnsItsStatusAndChangesNothing()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        instance.Status = InstanceStatus.Completed;
        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        (await store.RequestCancelAsync(instance.Id, CancelRequest.Cancel, At(1))).ShouldBe(InstanceStatus.Completed);

        (await store.GetInstanceAsync(instance.Id))!.CancelRequest.ShouldBe(CancelRequest.None);
        (await ClaimIdsAsync(store, "worker-2", At(1))).ShouldBeEmpty();
    }
}
