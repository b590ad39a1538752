namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task ReleaseLeases_FreesOnlyThatWorkersLeases_SoTheyCanBeClaimedAtOnce()
    {
        await using var store = await CreateStoreAsync();
        var mine = await CreateClaimedAsync(store, "worker-1");
        var theirs = await CreateClaimedAsync(store, "worker-2");

        (await store.ReleaseLeasesAsync("worker-1")).ShouldBe(1);

        // Well before worker-1's lease would have expired, another worker can take its instance, but not worker-2's.
        var claimed = await ClaimIdsAsync(store, "worker-3", Now.AddSeconds(1));
        claimed.ShouldBe([mine.Id]);
        (await store.RenewLeasesAsync("worker-2", [theirs.Id], Lease, Now)).ShouldBeEmpty();
        (await store.ReleaseLeasesAsync("worker-1")).ShouldBe(0);
    }
}
