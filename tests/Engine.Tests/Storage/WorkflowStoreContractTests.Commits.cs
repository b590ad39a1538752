using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task CommitAsync_LeaseHolder_UpdatesInstanceColumnsAndState()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        instance.Status = InstanceStatus.Completed;
        instance.UpdatedAt = At(2);
        instance.CompletedAt = At(2);
        instance.State.Variables["count"] = 5;
        instance.State.Output = new JsonObject { ["answer"] = 42 };
        instance.State.EventSeq = 7;

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        var stored = await store.GetInstanceAsync(instance.Id);
        stored.ShouldNotBeNull();
        stored.Status.ShouldBe(InstanceStatus.Completed);
        stored.UpdatedAt.ShouldBe(At(2));
        stored.CompletedAt.ShouldBe(At(2));
        stored.State.Variables["count"]!.GetValue<int>().ShouldBe(5);
        stored.State.Output!["answer"]!.GetValue<int>().ShouldBe(42);
        stored.State.EventSeq.ShouldBe(7);
    }

    [Fact]
    public async Task CommitAsync_JournalRowStartedEarlier_IsUpdatedInPlaceKeepingItsOrder()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        await store.AppendAsync([Journal(instance.Id, "j-first", "first", JournalStatus.Running, Now)], []);
        await store.AppendAsync([Journal(instance.Id, "j-second", "second", JournalStatus.Running, At(0.1))], []);
        var end = Journal(instance.Id, "j-first", "first", JournalStatus.Completed, Now);
        end.Port = "done";
        end.Output = new JsonObject { ["ok"] = true };
        end.EndedAt = Now.AddMilliseconds(250);
        var failed = Journal(instance.Id, "j-second", "second", JournalStatus.Failed, At(0.1));
        failed.Error = new ActivityError { Type = "Timeout", Message = "too slow", NodeId = "second", Attempt = 1 };
        failed.EndedAt = At(1);
        var commit = Commit(instance, "worker-1");
        commit.Journal.AddRange([end, failed]);

        await store.CommitAsync(commit);

        var journal = await store.GetJournalAsync(instance.Id);
        journal.Select(j => j.Id).ShouldBe(["j-first", "j-second"]);
        journal[0].Sequence.ShouldBeLessThan(journal[1].Sequence);
        journal[0].Status.ShouldBe(JournalStatus.Completed);
        journal[0].Port.ShouldBe("done");
        journal[0].Output!["ok"]!.GetValue<bool>().ShouldBeTrue();
        journal[0].DurationMs.ShouldBe(250);
        journal[1].Status.ShouldBe(JournalStatus.Failed);
        journal[1].Error!.Type.ShouldBe("Timeout");
        journal[1].Error!.Message.ShouldBe("too slow");
        journal[1].Error!.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task CommitAsync_ManyJournalRowsInOneCommit_AreWrittenInOrderKeepingEarlierInputs()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        var started = Journal(instance.Id, "j-0", "zero", JournalStatus.Running, Now);
        started.Inputs = new JsonObject { ["kept"] = "from the start row" };
        await store.AppendAsync([started], []);
        var commit = Commit(instance, "worker-1");
        var ended = Journal(instance.Id, "j-0", "zero", JournalStatus.Completed, Now);
        ended.EndedAt = At(1);
        ended.Inputs = null; // an end row carries no inputs: the start row's stay
        commit.Journal.Add(ended);
        // Inline nodes: rows written whole at their end, several per commit; ids out of alphabetical order on purpose.
        foreach (var (id, node) in new[] { ("j-c", "one"), ("j-a", "two"), ("j-b", "three") })
        {
            var row = Journal(instance.Id, id, node, JournalStatus.Completed, At(1));
            row.Inputs = new JsonObject { ["node"] = node };
            row.Output = new JsonObject { ["done"] = node };
            row.Port = "done";
            row.EndedAt = At(2);
            commit.Journal.Add(row);
        }

        await store.CommitAsync(commit);

        var journal = await store.GetJournalAsync(instance.Id);
        journal.Select(j => j.NodeId).ShouldBe(["zero", "one", "two", "three"]);
        journal.Select(j => j.Sequence).ShouldBe(journal.Select(j => j.Sequence).Order());
        journal[0].Status.ShouldBe(JournalStatus.Completed);
        journal[0].Inputs!["kept"]!.GetValue<string>().ShouldBe("from the start row");
        journal[2].Inputs!["node"]!.GetValue<string>().ShouldBe("two");
        journal[3].Output!["done"]!.GetValue<string>().ShouldBe("three");
        journal[3].EndedAt.ShouldBe(At(2));
    }

    [Fact]
    public async Task CommitAsync_LeaseTakenOverByAnotherWorker_ThrowsLeaseLostAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        var target = await CreateIdleAsync(store);
        var instance = await CreateAsync(store, NewInstance());
        await store.SendSignalAsync(instance.Id, "go", null, Now);
        var signalId = (await store.GetPendingSignalsAsync(instance.Id)).Single().Id;
        (await store.TryClaimInstanceAsync(instance.Id, "worker-1", Lease, Now)).ShouldNotBeNull();
        (await store.TryClaimInstanceAsync(instance.Id, "worker-2", Lease, At(31))).ShouldNotBeNull();

        instance.Status = InstanceStatus.Completed;
        instance.State.Variables["count"] = 99;
        var stale = Commit(instance, "worker-1", WorkPlan.Remove);
        stale.Journal.Add(Journal(instance.Id, "j1", "start", JournalStatus.Completed, Now));
        stale.Events.Add(Event(instance.Id, 1));
        stale.ConsumedSignals.Add(signalId);
        stale.Signals.Add(new OutgoingSignal(target.Id, "child:done", null));

        var error = await Should.ThrowAsync<LeaseLostException>(() => store.CommitAsync(stale));

        error.InstanceId.ShouldBe(instance.Id);
        var stored = await store.GetInstanceAsync(instance.Id);
        stored!.Status.ShouldBe(InstanceStatus.Pending);
        stored.State.Variables["count"]!.GetValue<int>().ShouldBe(0);
        (await store.GetJournalAsync(instance.Id)).ShouldBeEmpty();
        (await store.GetEventsAsync(instance.Id, 0)).ShouldBeEmpty();
        (await store.GetPendingSignalsAsync(instance.Id)).ShouldHaveSingleItem();
        (await store.GetPendingSignalsAsync(target.Id)).ShouldBeEmpty();
        (await store.TryClaimInstanceAsync(instance.Id, "worker-3", Lease, At(32))).ShouldBeNull();
    }

    [Fact]
    public async Task CommitAsync_WorkItemRemovedOrInstanceUnknown_ThrowsLeaseLost()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        instance.Status = InstanceStatus.Completed;
        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        await Should.ThrowAsync<LeaseLostException>(() => store.CommitAsync(Commit(instance, "worker-1")));
        await Should.ThrowAsync<LeaseLostException>(() => store.CommitAsync(Commit(NewInstance(id: "missing"), "worker-1")));
    }

    [Fact]
    public async Task CommitAsync_OneStaleCommitAmongConcurrentOnes_FailsAloneAndTheOthersApply()
    {
        await using var store = await CreateStoreAsync();
        var instances = new List<InstanceRecord>();
        for (var i = 0; i < 20; i++)
            instances.Add(await CreateClaimedAsync(store));
        foreach (var instance in instances)
        {
            instance.Status = InstanceStatus.Suspended;
            instance.State.Variables["count"] = 1;
        }

        var commits = instances.Select((instance, i) => store.CommitAsync(Commit(instance, i == 7 ? "impostor" : "worker-1"))).ToList();
        var outcome = await Task.WhenAll(commits.Select(async c => { try { await c; return true; } catch (LeaseLostException) { return false; } }));

        outcome.Count(ok => !ok).ShouldBe(1);
        outcome[7].ShouldBeFalse();
        for (var i = 0; i < instances.Count; i++)
            (await store.GetInstanceAsync(instances[i].Id))!.Status.ShouldBe(i == 7 ? InstanceStatus.Running : InstanceStatus.Suspended);
    }

    [Fact]
    public async Task CommitAsync_KeepLease_StillHeldByTheCommitter()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.KeepLease));

        (await ClaimIdsAsync(store, "worker-2", At(1))).ShouldBeEmpty();
        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.KeepLease));
    }

    [Fact]
    public async Task CommitAsync_ReadyAt_ReleasesLeaseUntilThatTime()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.ReadyAt, At(10)));

        (await ClaimIdsAsync(store, "worker-2", At(9))).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-2", At(10))).ShouldBe([instance.Id]);
        await Should.ThrowAsync<LeaseLostException>(() => store.CommitAsync(Commit(instance, "worker-1")));
    }

    [Fact]
    public async Task CommitAsync_Remove_DeletesTheWorkItem()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        instance.Status = InstanceStatus.Suspended;

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        (await ClaimIdsAsync(store, "worker-2", At(3600))).ShouldBeEmpty();
        (await store.GetNextDueAsync(["default"])).ShouldBeNull();
    }

    [Fact]
    public async Task CommitAsync_RemoveWhileSignalArrivedDuringTheLease_KeepsItemReadyNow()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        (await store.SendSignalAsync(instance.Id, "approve", null, At(1))).ShouldBe(SignalDelivery.Accepted);
        instance.Status = InstanceStatus.Suspended;
        instance.UpdatedAt = At(2);

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        (await ClaimIdsAsync(store, "worker-2", At(2))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task CommitAsync_RemoveWithSignalAlreadyPendingAtClaim_DeletesItemAndKeepsSignal()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());
        await store.SendSignalAsync(instance.Id, "for-a-later-step", null, Now);
        (await ClaimIdsAsync(store, "worker-1", Now)).ShouldBe([instance.Id]);
        instance.Status = InstanceStatus.Suspended;

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        // The worker saw that signal when it claimed: waking it again for it would spin forever.
        (await ClaimIdsAsync(store, "worker-2", At(3600))).ShouldBeEmpty();
        (await store.GetPendingSignalsAsync(instance.Id)).ShouldHaveSingleItem().Name.ShouldBe("for-a-later-step");
    }

    [Fact]
    public async Task CommitAsync_RemoveConsumingTheSignalThatArrivedDuringTheLease_DeletesItem()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        await store.SendSignalAsync(instance.Id, "approve", null, At(1));
        var commit = Commit(instance, "worker-1", WorkPlan.Remove);
        commit.ConsumedSignals.Add((await store.GetPendingSignalsAsync(instance.Id)).Single().Id);
        instance.Status = InstanceStatus.Suspended;

        await store.CommitAsync(commit);

        (await ClaimIdsAsync(store, "worker-2", At(3600))).ShouldBeEmpty();
    }

    [Fact]
    public async Task CommitAsync_RemoveWhileCancelRequestArrived_KeepsRequestAndItemReadyNow()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        (await store.RequestCancelAsync(instance.Id, CancelRequest.Cancel, At(1))).ShouldBe(InstanceStatus.Running);
        instance.Status = InstanceStatus.Suspended;
        instance.UpdatedAt = At(2);

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        (await store.GetInstanceAsync(instance.Id))!.CancelRequest.ShouldBe(CancelRequest.Cancel);
        (await ClaimIdsAsync(store, "worker-2", At(2))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task CommitAsync_ReadyAtWhileSignalArrived_IsDueNowNotAtTheTimer()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        await store.SendSignalAsync(instance.Id, "approve", null, At(1));
        instance.UpdatedAt = At(2);

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.ReadyAt, At(3600)));

        (await ClaimIdsAsync(store, "worker-2", At(2))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task CommitAsync_InstanceEndsWithSignalPending_DeletesItem()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        await store.SendSignalAsync(instance.Id, "too-late", null, At(1));
        instance.Status = InstanceStatus.Completed;

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        (await ClaimIdsAsync(store, "worker-2", At(3600))).ShouldBeEmpty();
    }

    [Fact]
    public async Task CommitAsync_CancelledInstanceClearingItsRequest_ClearsIt()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        await store.RequestCancelAsync(instance.Id, CancelRequest.Cancel, At(1));
        instance.Status = InstanceStatus.Cancelled;
        instance.CancelRequest = CancelRequest.None;

        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));

        (await store.GetInstanceAsync(instance.Id))!.CancelRequest.ShouldBe(CancelRequest.None);
        (await ClaimIdsAsync(store, "worker-2", At(3600))).ShouldBeEmpty();
    }

    [Fact]
    public async Task CommitAsync_ConsumedSignals_AreNoLongerPending()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());
        await store.SendSignalAsync(instance.Id, "first", null, Now);
        await store.SendSignalAsync(instance.Id, "second", null, Now);
        await store.TryClaimInstanceAsync(instance.Id, "worker-1", Lease, Now);
        var commit = Commit(instance, "worker-1");
        commit.ConsumedSignals.Add((await store.GetPendingSignalsAsync(instance.Id)).First(s => s.Name == "first").Id);

        await store.CommitAsync(commit);

        (await store.GetPendingSignalsAsync(instance.Id)).Select(s => s.Name).ShouldBe(["second"]);
    }

    [Fact]
    public async Task CommitAsync_OutgoingSignal_LandsInTargetInboxAndWakesIt()
    {
        await using var store = await CreateStoreAsync();
        var parent = await CreateIdleAsync(store);
        var child = await CreateClaimedAsync(store);
        child.Status = InstanceStatus.Completed;
        child.UpdatedAt = At(5);
        var commit = Commit(child, "worker-1", WorkPlan.Remove);
        commit.Signals.Add(new OutgoingSignal(parent.Id, "child:done", new JsonObject { ["status"] = "completed" }));

        await store.CommitAsync(commit);

        var signal = (await store.GetPendingSignalsAsync(parent.Id)).ShouldHaveSingleItem();
        signal.Name.ShouldBe("child:done");
        signal.Payload!["status"]!.GetValue<string>().ShouldBe("completed");
        (await ClaimIdsAsync(store, "worker-2", At(5))).ShouldBe([parent.Id]);
    }

    [Fact]
    public async Task CommitAsync_EventWithAnExistingSequence_ReplacesIt()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store);
        var first = Commit(instance, "worker-1");
        first.Events.AddRange([Event(instance.Id, 1, EventTypes.NodeStarted), Event(instance.Id, 2, EventTypes.NodeFailed)]);
        await store.CommitAsync(first);
        var rerun = Commit(instance, "worker-1");
        rerun.Events.Add(Event(instance.Id, 2, EventTypes.NodeCompleted));

        await store.CommitAsync(rerun);

        (await store.GetEventsAsync(instance.Id, 0)).Select(e => e.Type).ShouldBe([EventTypes.NodeStarted, EventTypes.NodeCompleted]);
    }
}
