using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

/// <summary>CreateLeasedInstanceAsync: the create of a local start, leased to its creator in the same transaction.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task CreateLeasedInstance_NewInstance_IsLeasedToItsCreatorUntilTheLeaseExpires()
    {
        await using var store = await CreateStoreAsync();
        var instance = NewInstance();

        var result = await store.CreateLeasedInstanceAsync(instance, [Event(instance.Id, 1, EventTypes.InstanceStarted, null)], "worker-1", Lease, Now);

        result.Created.ShouldBeTrue();
        (await store.GetInstanceAsync(instance.Id)).ShouldNotBeNull().Status.ShouldBe(InstanceStatus.Pending);
        (await store.GetEventsAsync(instance.Id, 0)).ShouldHaveSingleItem().Type.ShouldBe(EventTypes.InstanceStarted);
        var queue = (await store.GetQueuesAsync(Now)).ShouldHaveSingleItem();
        (queue.Queue, queue.Waiting, queue.Leased).ShouldBe(("default", 0, 1));
        (await ClaimIdsAsync(store, "worker-2", At(29))).ShouldBeEmpty();
        (await store.TryClaimInstanceAsync(instance.Id, "worker-2", Lease, At(29))).ShouldBeNull();
        // The creator holds it as if it had claimed it: it can commit and renew.
        await store.CommitAsync(Commit(instance, "worker-1"));
        (await store.RenewLeasesAsync("worker-1", [instance.Id], Lease, Now)).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-2", At(31))).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task CreateLeasedInstance_CreatorNeverRuns_AnotherWorkerClaimsItOnceTheLeaseExpires()
    {
        await using var store = await CreateStoreAsync();
        var instance = NewInstance();
        (await store.CreateLeasedInstanceAsync(instance, [], "crashed", Lease, Now)).Created.ShouldBeTrue();

        (await ClaimIdsAsync(store, "worker-2", Now + Lease)).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-2", Now + Lease + TimeSpan.FromMilliseconds(1))).ShouldBe([instance.Id]);
        await Should.ThrowAsync<LeaseLostException>(() => store.CommitAsync(Commit(instance, "crashed")));
        await store.CommitAsync(Commit(instance, "worker-2", WorkPlan.Remove));
    }

    [Fact]
    public async Task CreateLeasedInstance_CreatorReleasesItsLeases_TheInstanceIsClaimableAtOnce()
    {
        await using var store = await CreateStoreAsync();
        var instance = NewInstance();
        (await store.CreateLeasedInstanceAsync(instance, [], "worker-1", Lease, Now)).Created.ShouldBeTrue();

        (await store.ReleaseLeasesAsync("worker-1")).ShouldBe(1);

        (await ClaimIdsAsync(store, "worker-2", Now)).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task CreateLeasedInstance_ExistingId_ReturnsItAndLeasesNothing()
    {
        await using var store = await CreateStoreAsync();
        var existing = await CreateAsync(store, NewInstance(id: "same-id", input: "first"));

        var result = await store.CreateLeasedInstanceAsync(NewInstance(id: "same-id", input: "second"), [Event("same-id", 1)], "worker-1", Lease, Now);

        result.Created.ShouldBeFalse();
        result.Instance.State.Input!["documentId"]!.GetValue<string>().ShouldBe("first");
        (await store.GetEventsAsync(existing.Id, 0)).ShouldBeEmpty();
        // Still unleased: anyone can claim it now, and the would-be creator holds nothing.
        (await store.RenewLeasesAsync("worker-1", [existing.Id], Lease, Now)).ShouldBe([existing.Id]);
        (await ClaimIdsAsync(store, "worker-2", Now)).ShouldBe([existing.Id]);
    }

    [Fact]
    public async Task CreateLeasedInstance_ExistingIdLeasedElsewhere_LeavesThatLeaseAlone()
    {
        await using var store = await CreateStoreAsync();
        var existing = await CreateClaimedAsync(store, "worker-2");

        var result = await store.CreateLeasedInstanceAsync(NewInstance(id: existing.Id), [], "worker-1", Lease, Now);

        result.Created.ShouldBeFalse();
        (await store.RenewLeasesAsync("worker-1", [existing.Id], Lease, Now)).ShouldBe([existing.Id]);
        (await store.RenewLeasesAsync("worker-2", [existing.Id], Lease, Now)).ShouldBeEmpty();
        await store.CommitAsync(Commit(existing, "worker-2"));
    }

    [Fact]
    public async Task CreateLeasedInstance_SameIdempotencyKey_ReturnsTheExistingInstanceAndLeasesNothing()
    {
        await using var store = await CreateStoreAsync();
        var existing = await CreateAsync(store, NewInstance(idempotencyKey: "key-1"));
        var duplicate = NewInstance(idempotencyKey: "key-1");

        var result = await store.CreateLeasedInstanceAsync(duplicate, [], "worker-1", Lease, Now);

        result.Created.ShouldBeFalse();
        result.Instance.Id.ShouldBe(existing.Id);
        (await store.GetInstanceAsync(duplicate.Id)).ShouldBeNull();
        (await ClaimIdsAsync(store, "worker-2", Now)).ShouldBe([existing.Id]);
    }
}
