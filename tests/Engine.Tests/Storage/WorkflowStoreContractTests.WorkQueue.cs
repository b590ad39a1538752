using System.Collections.Concurrent;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task ClaimWork_ItemDueLater_IsClaimedOnlyOnceDue()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateDueAtAsync(store, At(10));

        (await ClaimIdsAsync(store, "worker-1", At(9.999))).ShouldBeEmpty();
        var claim = (await store.ClaimWorkAsync("worker-1", ["default"], 10, Lease, At(10))).ShouldHaveSingleItem();

        claim.InstanceId.ShouldBe(instance.Id);
        claim.Queue.ShouldBe("default");
        claim.LeaseUntil.ShouldBe(At(10) + Lease);
    }

    [Fact]
    public async Task ClaimWork_LeasedItem_IsReclaimableOnlyAfterTheLeaseExpires()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());
        (await ClaimIdsAsync(store, "worker-1", Now)).ShouldBe([instance.Id]);

        (await ClaimIdsAsync(store, "worker-2", At(29))).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-2", At(31))).ShouldBe([instance.Id]);

        await Should.ThrowAsync<LeaseLostException>(() => store.CommitAsync(Commit(instance, "worker-1")));
        await store.CommitAsync(Commit(instance, "worker-2"));
    }

    [Fact]
    public async Task ClaimWork_QueueFilter_ClaimsOnlyThoseQueues()
    {
        await using var store = await CreateStoreAsync();
        var a = await CreateAsync(store, NewInstance(queue: "a"));
        await CreateAsync(store, NewInstance(queue: "b"));
        var c = await CreateAsync(store, NewInstance(queue: "c"));

        var claims = await store.ClaimWorkAsync("worker-1", ["a", "c"], 10, Lease, Now);

        claims.Select(x => (x.InstanceId, x.Queue)).OrderBy(x => x.Queue).ShouldBe([(a.Id, "a"), (c.Id, "c")]);
        (await ClaimIdsAsync(store, "worker-1", Now, 10, "b")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ClaimWork_MoreDueThanMax_TakesTheOldestDueFirst()
    {
        await using var store = await CreateStoreAsync();
        var late = await CreateDueAtAsync(store, At(3));
        var early = await CreateDueAtAsync(store, At(1));
        var middle = await CreateDueAtAsync(store, At(2));

        (await ClaimIdsAsync(store, "worker-1", At(5), max: 2)).ShouldBe([early.Id, middle.Id]);
        (await ClaimIdsAsync(store, "worker-1", At(5), max: 2)).ShouldBe([late.Id]);
    }

    [Fact]
    public async Task ClaimWork_NoQueuesOrZeroMax_ClaimsNothing()
    {
        await using var store = await CreateStoreAsync();
        await CreateAsync(store, NewInstance());

        (await store.ClaimWorkAsync("worker-1", [], 10, Lease, Now)).ShouldBeEmpty();
        (await store.ClaimWorkAsync("worker-1", ["default"], 0, Lease, Now)).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-1", Now)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ClaimWork_ConcurrentClaimers_NeverGetTheSameItem()
    {
        await using var store = await CreateStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => store.CreateInstanceAsync(NewInstance(), [])));
        var claimed = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            while (true)
            {
                var ids = await ClaimIdsAsync(store, $"worker-{worker}", Now, max: 3);
                if (ids.Count == 0)
                    return;
                foreach (var id in ids)
                    claimed.Add(id);
            }
        })));

        claimed.Count.ShouldBe(60);
        claimed.Distinct().Count().ShouldBe(60);
    }

    [Fact]
    public async Task TryClaimInstance_InstanceWithoutWorkItem_CreatesAndLeasesIt()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateIdleAsync(store);

        var claim = await store.TryClaimInstanceAsync(instance.Id, "worker-2", Lease, At(1));

        claim.ShouldNotBeNull();
        claim.InstanceId.ShouldBe(instance.Id);
        claim.Queue.ShouldBe("default");
        claim.LeaseUntil.ShouldBe(At(1) + Lease);
        (await ClaimIdsAsync(store, "worker-3", At(2))).ShouldBeEmpty();
        await store.CommitAsync(Commit(instance, "worker-2"));
    }

    [Fact]
    public async Task TryClaimInstance_HeldByAnotherWorker_ReturnsNullUntilTheLeaseExpires()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateClaimedAsync(store, "worker-1");

        (await store.TryClaimInstanceAsync(instance.Id, "worker-2", Lease, At(30))).ShouldBeNull();
        (await store.TryClaimInstanceAsync(instance.Id, "worker-1", Lease, At(10))).ShouldNotBeNull();
        (await store.TryClaimInstanceAsync(instance.Id, "worker-2", Lease, At(39))).ShouldBeNull();
        (await store.TryClaimInstanceAsync(instance.Id, "worker-2", Lease, At(41))).ShouldNotBeNull();
    }

    [Fact]
    public async Task TryClaimInstance_UnknownInstance_ReturnsNull()
    {
        await using var store = await CreateStoreAsync();

        (await store.TryClaimInstanceAsync("missing", "worker-1", Lease, Now)).ShouldBeNull();
    }

    [Fact]
    public async Task RenewLeases_SomeLost_ExtendsTheHeldOnesAndReturnsTheOthers()
    {
        await using var store = await CreateStoreAsync();
        var kept = await CreateClaimedAsync(store, "worker-1");
        var lost = await CreateClaimedAsync(store, "worker-1");
        await store.TryClaimInstanceAsync(lost.Id, "worker-2", TimeSpan.FromHours(1), At(31));

        var gone = await store.RenewLeasesAsync("worker-1", [kept.Id, lost.Id, "missing"], Lease, At(31));

        gone.Order().ShouldBe(new[] { lost.Id, "missing" }.Order());
        (await ClaimIdsAsync(store, "worker-3", At(60))).ShouldBeEmpty();
        (await ClaimIdsAsync(store, "worker-3", At(62))).ShouldBe([kept.Id]);
    }

    [Fact]
    public async Task GetNextDue_SeveralItems_ReturnsTheEarliestOfTheGivenQueues()
    {
        await using var store = await CreateStoreAsync();
        await CreateDueAtAsync(store, At(20));
        await CreateDueAtAsync(store, At(10));
        await CreateDueAtAsync(store, At(1), queue: "other");

        (await store.GetNextDueAsync(["default"])).ShouldBe(At(10));
        (await store.GetNextDueAsync(["default", "other"])).ShouldBe(At(1));
        (await store.GetNextDueAsync(["empty"])).ShouldBeNull();
    }

    [Fact]
    public async Task GetNextDue_OnlyLeasedItems_ReturnsWhenTheEarliestLeaseEnds()
    {
        await using var store = await CreateStoreAsync();
        await CreateClaimedAsync(store);

        (await store.GetNextDueAsync(["default"])).ShouldBe(Now + Lease);
    }

    [Fact]
    public async Task GetQueues_MixedItems_CountsWaitingLeasedAndOldestDue()
    {
        await using var store = await CreateStoreAsync();
        await CreateDueAtAsync(store, At(-5), queue: "a");
        await CreateDueAtAsync(store, At(-2), queue: "a");
        await CreateClaimedAsync(store, queue: "a");
        await CreateDueAtAsync(store, At(3600), queue: "b");

        var queues = (await store.GetQueuesAsync(Now)).ToDictionary(q => q.Queue);

        queues["a"].ShouldBe(new QueueInfo("a", Waiting: 2, Leased: 1, OldestDueAt: At(-5)));
        queues["b"].ShouldBe(new QueueInfo("b", Waiting: 0, Leased: 0, OldestDueAt: At(3600)));
    }

    [Fact]
    public async Task InitializeAsync_CalledAgain_KeepsDataAndKeepsWorking()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a"));

        await store.InitializeAsync();
        await store.InitializeAsync();

        (await store.GetDefinitionAsync("a")).ShouldNotBeNull();
        (await store.SaveDefinitionAsync(Definition("a"))).ShouldBe(2);
    }
}
