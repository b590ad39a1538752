using System.Collections.Concurrent;
using System.Threading.Channels;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// In-process fan-out of live instance events (SSE, the CLI, waiters). Events are also stored, so a
/// subscriber that attaches late reads the store first and then follows the hub.
/// </summary>
public sealed class InstanceEventHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<InstanceSubscription, byte>> _byInstance = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InstanceSubscription, byte> _all = new();

    /// <summary>
    /// Starts following one instance (every instance when <paramref name="instanceId"/> is null). The
    /// subscription is live when this returns: read the store after it, and nothing falls in between.
    /// </summary>
    public InstanceSubscription Subscribe(string? instanceId)
    {
        var set = instanceId is null ? _all : _byInstance.GetOrAdd(instanceId, _ => new());
        var subscription = new InstanceSubscription(s =>
        {
            set.TryRemove(s, out _);
            if (instanceId is not null && set.IsEmpty) _byInstance.TryRemove(new(instanceId, set));
        });
        set[subscription] = 0;
        return subscription;
    }

    /// <summary>Follows one instance (or all) until the token fires.</summary>
    public async IAsyncEnumerable<InstanceEvent> SubscribeAsync(string? instanceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var subscription = Subscribe(instanceId);
        await foreach (var item in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    public void Publish(InstanceEvent instanceEvent)
    {
        foreach (var subscription in _all.Keys) subscription.Write(instanceEvent);
        if (_byInstance.TryGetValue(instanceEvent.InstanceId, out var set))
        {
            foreach (var subscription in set.Keys) subscription.Write(instanceEvent);
        }
    }
}

/// <summary>A live feed of events; dispose it to stop. Holds the newest 10,000 unread events (a slow reader loses the oldest).</summary>
public sealed class InstanceSubscription : IDisposable
{
    private readonly Channel<InstanceEvent> _channel =
        Channel.CreateBounded<InstanceEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Action<InstanceSubscription> _unsubscribe;

    internal InstanceSubscription(Action<InstanceSubscription> unsubscribe) => _unsubscribe = unsubscribe;

    public ChannelReader<InstanceEvent> Reader => _channel.Reader;

    internal void Write(InstanceEvent instanceEvent) => _channel.Writer.TryWrite(instanceEvent);

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
