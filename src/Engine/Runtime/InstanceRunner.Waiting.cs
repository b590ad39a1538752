using Weft.Engine.Activities;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>Signals, timers, retries and recovery: everything that makes a waiting node runnable again.</summary>
internal sealed partial class InstanceRunner
{
    private const string ChildSignalPrefix = "$child:";

    /// <summary>The inbox signal name by which a child's end reaches its parent.</summary>
    public static string ChildEndedSignal(string childInstanceId) => ChildSignalPrefix + childInstanceId;

    private async Task LoadInboxAsync(CancellationToken cancellationToken)
    {
        _signalsArrived = false;
        var pending = await Services.Store.GetPendingSignalsAsync(Record.Id, cancellationToken).ConfigureAwait(false);
        var consumed = _pending.ConsumedSignals.ToHashSet();
        _inbox.Clear();
        foreach (var signal in pending)
        {
            if (consumed.Contains(signal.Id)) continue;
            _inbox.Add(signal);
        }
    }

    /// <summary>Gives each inbox signal, oldest first, to the first suspended node waiting for it; the rest stay in the inbox.</summary>
    private void DeliverSignals(DateTimeOffset now)
    {
        for (var i = 0; i < _inbox.Count; i++)
        {
            var signal = _inbox[i];
            var waiting = FindWaitingNode(signal.Name);
            if (waiting is null) continue;
            var child = waiting.Bookmark!.Kind == BookmarkKind.Child;
            waiting.Resumption = new BookmarkResumption
            {
                Reason = child ? ResumeReason.ChildEnded : ResumeReason.Signal,
                Payload = signal.Payload?.DeepClone(),
            };
            _pending.ConsumedSignals.Add(signal.Id);
            _pending.MarkChanged();
            _inbox.RemoveAt(i--);
            if (!child) AddEvent(EventTypes.SignalReceived, null, new System.Text.Json.Nodes.JsonObject { ["name"] = signal.Name, ["receivedAt"] = signal.ReceivedAt, ["deliveredAt"] = now });
        }
    }

    private NodeState? FindWaitingNode(string signalName)
    {
        foreach (var scope in State.Scopes.Values)
        {
            foreach (var node in scope.Nodes.Values)
            {
                if (node.Status != NodeStatus.Suspended || node.Resumption is not null || node.Bookmark is not { } bookmark) continue;
                var matches = bookmark.Kind switch
                {
                    BookmarkKind.Signal => bookmark.Name == signalName,
                    BookmarkKind.Child => signalName.StartsWith(ChildSignalPrefix, StringComparison.Ordinal) && signalName.AsSpan(ChildSignalPrefix.Length).SequenceEqual(bookmark.Name),
                    _ => false,
                };
                if (matches) return node;
            }
        }
        return null;
    }

    /// <summary>Timers whose time came resume their nodes; signal waits past their timeout resume as timed out; due retries become runnable.</summary>
    private void FireDueTimers(DateTimeOffset now)
    {
        foreach (var scope in State.Scopes.Values)
        {
            foreach (var node in scope.Nodes.Values)
            {
                if (node.Status == NodeStatus.Waiting && node.RetryAt <= now)
                {
                    node.Status = NodeStatus.Pending;
                    node.RetryAt = null;
                    _pending.MarkChanged();
                }
                else if (node.Status == NodeStatus.Suspended && node.Resumption is null && node.Bookmark is { DueAt: { } due } bookmark && due <= now)
                {
                    node.Resumption = new BookmarkResumption
                    {
                        Reason = bookmark.Kind == BookmarkKind.Timer ? ResumeReason.TimerElapsed : ResumeReason.TimedOut,
                    };
                    _pending.MarkChanged();
                }
            }
        }
    }

    /// <summary>The earliest retry, timer, signal timeout or execution deadline still ahead.</summary>
    private DateTimeOffset? NextDue()
    {
        DateTimeOffset? next = _ending is null ? State.Deadline : null;
        foreach (var scope in State.Scopes.Values)
        {
            foreach (var node in scope.Nodes.Values)
            {
                DateTimeOffset? due = node.Status switch
                {
                    NodeStatus.Waiting => node.RetryAt,
                    NodeStatus.Suspended when node.Resumption is null => node.Bookmark?.DueAt,
                    _ => null,
                };
                if (due is not null && (next is null || due < next)) next = due;
            }
        }
        return next;
    }

    private bool HasSuspendedNodes() =>
        State.Scopes.Values.Any(s => s.Nodes.Values.Any(n => n.Status == NodeStatus.Suspended));

    private bool HasWaitingNodes() =>
        State.Scopes.Values.Any(s => s.Nodes.Values.Any(n => n.Status == NodeStatus.Waiting));

    /// <summary>
    /// The process that ran this instance died with attempts in flight (they are Running in the committed
    /// state): their journal rows become Interrupted and the attempts run again (at-least-once, same
    /// attempt number; a resumed bookmark resumes again; a container decides again). Nothing that
    /// completed runs again.
    /// </summary>
    private void RecoverInterruptedAttempts()
    {
        var now = Services.Time.GetUtcNow();
        foreach (var (key, scope) in State.Scopes)
        {
            foreach (var (nodeId, node) in scope.Nodes)
            {
                if (node.Status != NodeStatus.Running) continue;
                _pending.MarkChanged();
                if (node.JournalId is { } journalId && node.Container is null)
                {
                    _pending.Journal.Add(new JournalEntry
                    {
                        Id = journalId,
                        InstanceId = Record.Id,
                        Scope = key,
                        NodeId = nodeId,
                        ActivityType = Context.GraphOf(key).NodesById[nodeId].Type,
                        Attempt = node.Attempt,
                        Status = JournalStatus.Interrupted,
                        StartedAt = node.StartedAt ?? now,
                        EndedAt = now,
                    });
                    node.JournalId = null;
                }
                if (node.Resumption is not null) node.Status = NodeStatus.Suspended;
                else if (node.Container is not null) node.Status = NodeStatus.Iterating;
                else
                {
                    node.Status = NodeStatus.Pending;
                    node.Attempt = Math.Max(0, node.Attempt - 1);
                }
            }
        }
    }
}
