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
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<InstanceEvent>, byte>> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<InstanceEvent>, byte> _all = new();

    /// <summary>Follows one instance (or every instance when <paramref name="instanceId"/> is null) until the token fires.</summary>
    public async IAsyncEnumerable<InstanceEvent> SubscribeAsync(string? instanceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<InstanceEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        var set = instanceId is null ? _all : _subscribers.GetOrAdd(instanceId, _ => new());
        set[channel] = 0;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            set.TryRemove(channel, out _);
            if (instanceId is not null && set.IsEmpty) _subscribers.TryRemove(new(instanceId, set));
        }
    }

    public void Publish(InstanceEvent instanceEvent)
    {
        foreach (var channel in _all.Keys) channel.Writer.TryWrite(instanceEvent);
        if (_subscribers.TryGetValue(instanceEvent.InstanceId, out var set))
        {
            foreach (var channel in set.Keys) channel.Writer.TryWrite(instanceEvent);
        }
    }
}
