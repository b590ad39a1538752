using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// Puts an instance's events from two sources — the live hub and the store — into one stream in
/// sequence order, each once. The hub may deliver out of order (a streamed token is published at once
/// while an earlier node event waits for its commit) and may repeat what the store already gave, so:
/// events at or below the last one sent are dropped; later ones wait until the gap before them fills.
/// The store is the authority for what it holds: after a store read, a sequence number missing below the
/// newest stored event will never come, and the events beyond it are released.
/// </summary>
internal sealed class EventSequencer(long lastSent)
{
    private readonly SortedDictionary<long, InstanceEvent> _waiting = [];

    /// <summary>The newest sequence the store has shown: nothing missing at or below it is still coming.</summary>
    private long _releaseThrough;

    /// <summary>The newest sequence the store has shown: nothing missing at or below it is still coming.</summary>
    /// <summary>The sequence of the last event handed out (the client's Last-Event-ID at the start).</summary>
    public long LastSent { get; private set; } = lastSent;

    /// <summary>True while events wait for an earlier one.</summary>
    public bool HasGap => _waiting.Count > 0;

    /// <summary>Accepts an event from the hub; false when it was sent already or is waiting already.</summary>
    public bool Offer(InstanceEvent instanceEvent) =>
        instanceEvent.Sequence > LastSent && _waiting.TryAdd(instanceEvent.Sequence, instanceEvent);

    /// <summary>Accepts a page read from the store (in order), and gives up on sequence numbers it skips.</summary>
    public void OfferStored(IReadOnlyList<InstanceEvent> stored)
    {
        foreach (var e in stored) Offer(e);
        if (stored.Count > 0) _releaseThrough = Math.Max(_releaseThrough, stored[^1].Sequence);
    }

    /// <summary>The events that can be sent now, in order: contiguous ones, and any the store has shown are final.</summary>
    public List<InstanceEvent> TakeReady()
    {
        var ready = new List<InstanceEvent>();
        while (_waiting.Count > 0)
        {
            var (sequence, next) = _waiting.First();
            if (sequence != LastSent + 1 && sequence > _releaseThrough) break;
            _waiting.Remove(sequence);
            ready.Add(next);
            LastSent = sequence;
        }
        return ready;
    }

    /// <summary>Everything waiting, in order, gaps and all: the gap has outlived its grace period.</summary>
    public List<InstanceEvent> TakeAll()
    {
        var all = _waiting.Values.ToList();
        _waiting.Clear();
        if (all.Count > 0) LastSent = all[^1].Sequence;
        return all;
    }
}
