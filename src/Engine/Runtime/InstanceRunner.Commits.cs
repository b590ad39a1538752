using System.Text.Json.Nodes;
using Weft.Engine.Storage;
using Weft.Engine.Telemetry;

namespace Weft.Engine.Runtime;

/// <summary>Events, commits, and the three ways a run ends: keep going, release until later, finish.</summary>
internal sealed partial class InstanceRunner
{
    private InstanceEvent NewEvent(string type, string? nodeId, JsonNode? data) =>
        new(Record.Id, Interlocked.Increment(ref _eventSeq), type, nodeId, data, Services.Time.GetUtcNow());

    private void AddEvent(string type, string? nodeId, JsonObject data) => _pending.Events.Add(NewEvent(type, nodeId, data));

    private void AddEvent(string type, NodeState node, RunningAttempt attempt, JsonObject data)
    {
        data["scope"] = attempt.Scope;
        data["attempt"] = node.Attempt;
        data["activityType"] = attempt.Node.Type;
        AddEvent(type, attempt.Node.Id, data);
    }

    private async Task CommitAsync(WorkPlan plan, DateTimeOffset? readyAt, CancellationToken cancellationToken)
    {
        State.EventSeq = Interlocked.Read(ref _eventSeq);
        Record.UpdatedAt = Services.Time.GetUtcNow();
        if (MayStayInMemory(plan))
        {
            KeepInMemory(plan);
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }
        var commit = new InstanceCommit
        {
            Instance = Record,
            LeaseOwner = Services.WorkerId,
            Work = plan,
            ReadyAt = readyAt,
        };
        // An inline node's row is added at its start and again at its end: one write, with its final content.
        commit.Journal.AddRange(_pending.Journal.Distinct(ReferenceEqualityComparer.Instance).Cast<JournalEntry>());
        commit.Events.AddRange(_pending.Events);
        commit.ConsumedSignals.AddRange(_pending.ConsumedSignals);
        commit.Signals.AddRange(_pending.Signals);
        // Not cancellable: once handed to the store, the commit either lands whole or not at all.
        await StoreCommitAsync(commit).ConfigureAwait(false);
        _inMemory = false;
        _leftMemory.TrySetResult(false);
        PublishPendingEvents();
        ReportCreated();
        _pending.Clear();
        _publishedPendingEvents = 0;
        _inlineSinceCommit = 0;
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Nothing can run now: release the instance until <paramref name="due"/> (or until a signal when null).</summary>
    private async Task ReleaseAsync(DateTimeOffset? due, CancellationToken cancellationToken)
    {
        var status = HasWaitingNodes() || !HasSuspendedNodes() ? InstanceStatus.Running : InstanceStatus.Suspended;
        if (status == InstanceStatus.Suspended && Record.Status != InstanceStatus.Suspended)
            AddEvent(EventTypes.InstanceSuspended, null, new JsonObject { ["status"] = JsonNames.Of(status), ["wakeAt"] = due });
        Record.Status = status;
        await CommitAsync(due is null ? WorkPlan.Remove : WorkPlan.ReadyAt, due, cancellationToken).ConfigureAwait(false);
        if (due is not null) Services.WakeDispatcher(due);
    }

    /// <summary>Ends the instance with the status in <see cref="_ending"/> and tells a parent that waits for it.</summary>
    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        var ending = _ending!;
        var now = Services.Time.GetUtcNow();
        foreach (var abandoned in _running)
        {
            // Terminate does not wait: the attempt's row says so, and its node would run again on retry.
            abandoned.Journal.Status = JournalStatus.Cancelled;
            abandoned.Journal.EndedAt = now;
            _pending.Journal.Add(abandoned.Journal);
            if (State.Scopes.TryGetValue(abandoned.Scope, out var scope)) scope.Nodes[abandoned.Node.Id].Status = NodeStatus.Pending;
            abandoned.Span?.Dispose();
        }
        _running.Clear();

        Record.Status = ending.Status;
        Record.CompletedAt = now;
        Record.CancelRequest = CancelRequest.None;
        State.Output = ending.Status == InstanceStatus.Completed ? ending.Output : null;
        State.Error = ending.Error;
        var data = new JsonObject { ["status"] = JsonNames.Of(ending.Status) };
        if (State.Output is not null) data["output"] = State.Output.DeepClone();
        if (State.Error is not null) data["error"] = ErrorJson.From(State.Error);
        AddEvent(EndEventType(ending.Status), null, data);

        if (Record.ParentInstanceId is { } parent)
        {
            var payload = new JsonObject
            {
                ["instanceId"] = Record.Id,
                ["status"] = JsonNames.Of(ending.Status),
                ["output"] = State.Output?.DeepClone(),
                ["error"] = State.Error is null ? null : ErrorJson.From(State.Error),
            };
            _pending.Signals.Add(new OutgoingSignal(parent, ChildEndedSignal(Record.Id), payload));
        }

        await CommitAsync(WorkPlan.Remove, null, cancellationToken).ConfigureAwait(false);
        if (Record.ParentInstanceId is { } parentId && Services.Runners.TryGetValue(parentId, out var parentRunner)) parentRunner.NotifySignal();
        else if (Record.ParentInstanceId is not null) Services.WakeDispatcher(null);

        var tags = new System.Diagnostics.TagList { { WeftTelemetry.DefinitionId, Record.DefinitionId }, { WeftTelemetry.Status, ending.Status.ToString() } };
        WeftTelemetry.InstancesEnded.Add(1, tags);
        WeftTelemetry.InstanceDuration.Record((now - Record.CreatedAt).TotalMilliseconds, tags);
    }

    private static string EndEventType(InstanceStatus status) => status switch
    {
        InstanceStatus.Completed => EventTypes.InstanceCompleted,
        InstanceStatus.Faulted => EventTypes.InstanceFaulted,
        InstanceStatus.Cancelled => EventTypes.InstanceCancelled,
        InstanceStatus.TimedOut => EventTypes.InstanceTimedOut,
        _ => EventTypes.InstanceTerminated,
    };
}
