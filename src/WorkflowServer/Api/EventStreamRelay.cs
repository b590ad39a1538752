using System.Collections.Concurrent;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// Tells this server's event streams, as soon as the store's notifications say so, that an instance has new events —
/// written by any server on the database (<see cref="IStoreNotifications.ListenForEventsAsync"/>). A stream following an
/// instance that runs on another server then reads the store at once instead of at its next poll. One LISTEN per
/// server, started with the engine (or by the first stream); a store without notifications (SQLite) leaves the streams
/// to the in-process hub and their poll.
/// </summary>
internal sealed class EventStreamRelay(IWorkflowStore store, ILogger<EventStreamRelay> logger) : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<EventRelaySubscription, byte>> _byInstance = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Task? _listening;

    /// <summary>Starts listening when the store offers notifications; later calls do nothing.</summary>
    public void EnsureStarted()
    {
        if (_listening is not null || store is not IStoreNotifications notifications) return;
        lock (_startLock)
        {
            if (_listening is not null || _stopping.IsCancellationRequested) return;
            _listening = Task.Run(() => ListenAsync(notifications, _stopping.Token));
        }
    }

    /// <summary>Follows one instance's notifications; null when the store has none to give.</summary>
    public EventRelaySubscription? Subscribe(string instanceId)
    {
        if (store is not IStoreNotifications) return null;
        EnsureStarted();
        var set = _byInstance.GetOrAdd(instanceId, _ => new());
        var subscription = new EventRelaySubscription(s =>
        {
            set.TryRemove(s, out _);
            if (set.IsEmpty) _byInstance.TryRemove(new(instanceId, set));
        });
        set[subscription] = 0;
        return subscription;
    }

    private async Task ListenAsync(IStoreNotifications notifications, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var notification in notifications.ListenForEventsAsync(stopping).ConfigureAwait(false))
                {
                    if (!_byInstance.TryGetValue(notification.InstanceId, out var set)) continue;
                    foreach (var subscription in set.Keys) subscription.Notify(notification.Sequence);
                }
                return; // the store was disposed
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                // The streams keep polling the store meanwhile.
                logger.LogWarning(ex, "Listening for event notifications failed; trying again in {Delay}.", RetryDelay);
                try { await Task.Delay(RetryDelay, stopping).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? listening;
        lock (_startLock)
        {
            _stopping.Cancel();
            listening = _listening;
        }
        if (listening is not null) await listening.ConfigureAwait(false);
        _stopping.Dispose();
    }
}

/// <summary>One stream's interest in one instance: wakes when the store says events up to <see cref="Latest"/> exist.</summary>
internal sealed class EventRelaySubscription(Action<EventRelaySubscription> unsubscribe) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _latest;

    /// <summary>The highest sequence notified so far.</summary>
    public long Latest => Interlocked.Read(ref _latest);

    internal void Notify(long sequence)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _latest);
            if (sequence <= seen) break;
        }
        while (Interlocked.CompareExchange(ref _latest, sequence, seen) != seen);
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Completes when a notification arrived since the last wait.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);

    // The semaphore is not disposed: the relay may still signal it after the stream has gone (its wait handle is never used).
    public void Dispose() => unsubscribe(this);
}
