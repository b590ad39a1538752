using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;

namespace Weft.Engine.Tests.Storage;

public sealed partial class PostgresWorkflowStoreTests
{
    private static readonly TimeSpan HearingTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first item <paramref name="source"/> yields. LISTEN starts in the background, so <paramref name="trigger"/>
    /// runs again every 200 ms until the listener hears something.
    /// </summary>
    private static async Task<T> FirstHeardAsync<T>(IAsyncEnumerable<T> source, Func<Task> trigger)
    {
        using var listening = new CancellationTokenSource(HearingTimeout);
        var items = source.GetAsyncEnumerator(listening.Token);
        var next = items.MoveNextAsync().AsTask();
        try
        {
            while (!next.IsCompleted)
            {
                await trigger();
                await Task.WhenAny(next, Task.Delay(200));
            }

            (await next).ShouldBeTrue();
            return items.Current;
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNext is pending: cancel, let it end, then dispose.
            await listening.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await items.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task ListenForWork_InstanceCreated_HearsItsQueue()
    {
        await using var store = await OpenAsync();

        var queue = await FirstHeardAsync(store.ListenForWorkAsync(), () => store.CreateInstanceAsync(NewInstance(queue: "orders"), []));

        queue.ShouldBe("orders");
    }

    [PostgresFact]
    public async Task ListenForWork_AnotherSchemasWork_IsNotHeard()
    {
        await using var store = await OpenAsync();
        await using var neighbour = await OpenAsync();

        var queue = await FirstHeardAsync(store.ListenForWorkAsync(), async () =>
        {
            await neighbour.CreateInstanceAsync(NewInstance(queue: "theirs"), []);
            await store.CreateInstanceAsync(NewInstance(queue: "ours"), []);
        });

        queue.ShouldBe("ours");
    }

    [PostgresFact]
    public async Task ListenForWork_SignalToIdleInstance_HearsItsQueue()
    {
        await using var store = await OpenAsync();
        var instance = await CreateIdleAsync(store);

        var queue = await FirstHeardAsync(store.ListenForWorkAsync(), () => store.SendSignalAsync(instance.Id, "go", null, DateTimeOffset.UtcNow));

        queue.ShouldBe("default");
    }

    [PostgresFact]
    public async Task ListenForEvents_CommitWithEvents_HearsTheInstanceAndItsHighestSequence()
    {
        await using var store = await OpenAsync();
        var instance = await CreateClaimedAsync(store);
        var sequence = 0L;

        var heard = await FirstHeardAsync(store.ListenForEventsAsync(), () =>
        {
            var commit = Commit(instance, "worker-1");
            commit.Events.AddRange([Event(instance.Id, ++sequence), Event(instance.Id, ++sequence)]);
            return store.CommitAsync(commit);
        });

        // Each commit writes two events; the one heard carries its commit's higher number (the listener may have
        // started during a later commit than the first).
        heard.InstanceId.ShouldBe(instance.Id);
        (heard.Sequence % 2).ShouldBe(0);
        heard.Sequence.ShouldBeInRange(2, sequence);
    }

    [PostgresFact]
    public async Task ListenForEvents_CommitThatLostItsLease_IsNotHeard()
    {
        await using var store = await OpenAsync();
        var stale = await CreateClaimedAsync(store, "worker-1");
        (await store.TryClaimInstanceAsync(stale.Id, "worker-2", Lease, At(31))).ShouldNotBeNull();
        var live = await CreateClaimedAsync(store, "worker-1");
        var sequence = 0L;

        var heard = await FirstHeardAsync(store.ListenForEventsAsync(), async () =>
        {
            var staleCommit = Commit(stale, "worker-1");
            staleCommit.Events.Add(Event(stale.Id, 1));
            var liveCommit = Commit(live, "worker-1");
            liveCommit.Events.Add(Event(live.Id, ++sequence));
            // Both in flight together: usually one transaction, the stale one rolled back to its savepoint.
            var staleTask = store.CommitAsync(staleCommit);
            await store.CommitAsync(liveCommit);
            await Should.ThrowAsync<LeaseLostException>(() => staleTask);
        });

        heard.InstanceId.ShouldBe(live.Id);
    }

    [PostgresFact]
    public async Task ListenForWork_StoreDisposed_EndsTheSequence()
    {
        var store = await OpenAsync();
        await using var items = store.ListenForWorkAsync().GetAsyncEnumerator();
        var next = items.MoveNextAsync().AsTask();

        await store.DisposeAsync();

        (await next.WaitAsync(HearingTimeout)).ShouldBeFalse();
    }

    [PostgresFact]
    public async Task ListenForWork_ReleasedLeases_HearsTheQueue()
    {
        await using var store = await OpenAsync();
        var instance = await CreateAsync(store, NewInstance(queue: "reports", status: InstanceStatus.Running));
        var round = 0;

        var queue = await FirstHeardAsync(store.ListenForWorkAsync(), async () =>
        {
            var worker = $"worker-{++round}";
            (await store.TryClaimInstanceAsync(instance.Id, worker, Lease, Now)).ShouldNotBeNull();
            (await store.ReleaseLeasesAsync(worker)).ShouldBe(1);
        });

        queue.ShouldBe("reports");
    }
}
