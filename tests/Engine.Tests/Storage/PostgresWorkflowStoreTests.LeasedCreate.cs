using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public sealed partial class PostgresWorkflowStoreTests
{
    [PostgresFact]
    public async Task ListenForWork_InstanceCreatedLeased_IsNotHeard()
    {
        await using var store = await OpenAsync();

        // Notifications arrive in commit order: had the leased create notified, its queue would be heard first.
        var queue = await FirstHeardAsync(store.ListenForWorkAsync(), async () =>
        {
            await store.CreateLeasedInstanceAsync(NewInstance(queue: "leased"), [], "worker-1", Lease, Now);
            await store.CreateInstanceAsync(NewInstance(queue: "open"), []);
        });

        queue.ShouldBe("open");
    }

    [PostgresFact]
    public async Task CreateLeasedInstance_ItsStartedEvent_IsStillNotified()
    {
        await using var store = await OpenAsync();
        var created = new List<string>();

        var heard = await FirstHeardAsync(store.ListenForEventsAsync(), async () =>
        {
            var instance = NewInstance();
            created.Add(instance.Id);
            await store.CreateLeasedInstanceAsync(instance, [Event(instance.Id, 1, EventTypes.InstanceStarted, null)], "worker-1", Lease, Now);
        });

        created.ShouldContain(heard.InstanceId);
        heard.Sequence.ShouldBe(1);
    }
}
