using Weft.Engine.Model;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// Ephemeral runs (<see cref="WorkflowDurability.Ephemeral"/>): a local start of such a workflow keeps its commits in
/// memory: events are published as a commit would publish them, but nothing is written and the pending journal and
/// events keep growing. The run completes without the store ever seeing it, or, the first time a commit must be durable
/// (the run waits, fails, is cancelled, signals another instance, or grows past
/// <see cref="WorkflowRuntimeOptions.MaxEphemeralJournalEntries"/>), that commit creates the instance with everything the
/// run did so far, and from then on it is an ordinary durable run.
/// </summary>
internal sealed partial class InstanceRunner
{
    /// <summary>True while an ephemeral run has written nothing; volatile because lease renewal reads it.</summary>
    private volatile bool _inMemory;

    /// <summary>How many of <see cref="InstanceCommitBuilder.Events"/> a kept-in-memory commit has published already.</summary>
    private int _publishedPendingEvents;

    /// <summary>Whether the creation's own events (<c>instance.started</c>) went out with a kept-in-memory commit.</summary>
    private bool _startEventsPublished;

    /// <summary>An ephemeral run that the store has not seen (no lease to renew, no stop request to look for).</summary>
    public bool IsInMemory => _inMemory;

    private readonly TaskCompletionSource<bool> _leftMemory = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when an ephemeral run stops being in memory only: with its final snapshot when it completed there
    /// (the store never sees it, so this is the only place a waiter can read its end), with null when it was stored
    /// (read the store) or stopped (the run is lost). The snapshot is built by the first waiter that asks, not by
    /// every run: the run's record no longer changes once it has ended.
    /// </summary>
    public async Task<InstanceSnapshot?> LeftMemoryAsync(CancellationToken cancellationToken)
    {
        var completed = await _leftMemory.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return completed ? InstanceSnapshots.From(Record, Context.Definition.Graph) : null;
    }

    /// <summary>
    /// A start may run in memory when its workflow is ephemeral and it has no idempotency key: a key only means
    /// something if it is stored, so a keyed start is stored from its first commit as usual.
    /// </summary>
    private static bool StartsInMemory(InstanceRecord record, LoadedDefinition definition) =>
        definition.Definition.Options.Durability == WorkflowDurability.Ephemeral && record.IdempotencyKey is null;

    /// <summary>
    /// Whether this commit can stay in memory: only progress (<see cref="WorkPlan.KeepLease"/>) or a successful end.
    /// A wait needs the store to wake it, a failure is kept for people to look at, and signals go through the store.
    /// </summary>
    private bool MayStayInMemory(WorkPlan plan) =>
        _inMemory
        && (plan == WorkPlan.KeepLease || (plan == WorkPlan.Remove && Record.Status == InstanceStatus.Completed))
        && _pending.Signals.Count == 0
        && _pending.ConsumedSignals.Count == 0
        && _pending.Journal.Count <= Services.Options.MaxEphemeralJournalEntries;

    /// <summary>
    /// The in-memory stand-in for a commit: publishes what it would have published and tells the starter the run is
    /// under way. The pending rows stay, so a later durable commit writes them all.
    /// </summary>
    private void KeepInMemory(WorkPlan plan)
    {
        if (!_startEventsPublished && _uncreated is { } uncreated)
        {
            _startEventsPublished = true;
            foreach (var instanceEvent in uncreated.StartEvents) Services.Hub.Publish(instanceEvent);
            // The start returns now: the run goes on in memory (a sync trigger waits for its answer in the events).
            uncreated.Done.TrySetResult(new CreateInstanceResult(Record, true));
        }
        PublishPendingEvents();
        _inlineSinceCommit = 0;
        if (plan == WorkPlan.Remove) _leftMemory.TrySetResult(true);
    }

    /// <summary>Publishes the pending events no kept-in-memory commit has published yet.</summary>
    private void PublishPendingEvents()
    {
        for (var i = _publishedPendingEvents; i < _pending.Events.Count; i++) Services.Hub.Publish(_pending.Events[i]);
        _publishedPendingEvents = _pending.Events.Count;
    }
}
