using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Weft.Engine.Telemetry;

namespace Weft.Engine.Runtime;

/// <summary>Turning an attempt's outcome into node state, journal rows and events.</summary>
internal sealed partial class InstanceRunner
{
    private void ApplyOutcome(RunningAttempt attempt, AttemptOutcome outcome)
    {
        if (!State.Scopes.TryGetValue(attempt.Scope, out var scope))
        {
            // Its iteration was abandoned (a sibling failed the container): the result is discarded.
            attempt.Journal.Status = JournalStatus.Cancelled;
            attempt.Journal.EndedAt = outcome.EndedAt;
            _pending.Journal.Add(attempt.Journal);
            attempt.Span?.Dispose();
            return;
        }
        var node = scope.Nodes[attempt.Node.Id];
        var entry = attempt.Journal;
        entry.EndedAt = outcome.EndedAt;
        // Stored with the start row (the store keeps them when the end carries none), unless the attempt ran inline
        // and its start is written with its end.
        if (!attempt.Inline) entry.Inputs = null;
        RecordTelemetry(attempt, outcome);

        switch (outcome.Kind)
        {
            case AttemptResult.Cancelled:
                node.Status = node.Resumption is not null ? NodeStatus.Suspended
                    : attempt.Kind == AttemptKind.ContainerStep ? NodeStatus.Iterating
                    : NodeStatus.Pending;
                if (attempt.Kind == AttemptKind.Execute) node.Attempt = Math.Max(0, node.Attempt - 1);
                entry.Status = JournalStatus.Cancelled;
                entry.Error = outcome.Error;
                _pending.Journal.Add(entry);
                return;
            case AttemptResult.Failed:
                HandleFailure(attempt, node, outcome.Error!, outcome.Retryable);
                return;
        }

        var result = outcome.Result!;
        foreach (var (name, value) in outcome.Variables) State.Variables[name] = value?.DeepClone();
        if (attempt.ContainerCopy is not null && node.Container is not null) node.Container.Data = attempt.ContainerCopy.Data;

        if (result.IsSuspended)
        {
            node.Status = NodeStatus.Suspended;
            node.Bookmark = result.Bookmark;
            node.Resumption = null;
            entry.Status = JournalStatus.Suspended;
            _pending.Journal.Add(entry);
            AddEvent(EventTypes.NodeSuspended, node, attempt, new JsonObject
            {
                ["bookmark"] = new JsonObject
                {
                    ["kind"] = JsonNames.Of(result.Bookmark!.Kind),
                    ["name"] = result.Bookmark.Name,
                    ["dueAt"] = result.Bookmark.DueAt,
                },
            });
            return;
        }

        if (result.IsIteration)
        {
            if (node.Container is null)
            {
                HandleFailure(attempt, node, new ActivityError { Type = ErrorTypes.Validation, Message = $"Activity '{attempt.Node.Type}' asked to iterate but is not a container." }, retryable: false);
                return;
            }
            var key = InstanceRunContext.IterationScopeKey(attempt.Scope, attempt.Node.Id, node.Container.Index);
            State.Scopes[key] = new ScopeState
            {
                Parent = attempt.Scope,
                Container = attempt.Node.Id,
                Iteration = node.Container.Index,
                Locals = (JsonObject)result.IterationLocals!.DeepClone(),
            };
            node.Status = NodeStatus.Iterating;
            _pending.MarkChanged();
            return;
        }

        var ports = Services.Registry.PortsOf(attempt.Node);
        if (ports.Count > 0 && !ports.Contains(result.Port!) && result.Port != Ports.Error)
        {
            HandleFailure(attempt, node, new ActivityError
            {
                Type = ErrorTypes.Validation,
                Message = $"Activity '{attempt.Node.Type}' completed on port '{result.Port}', which node '{attempt.Node.Id}' does not have ({string.Join(", ", ports)}).",
            }, retryable: false);
            return;
        }

        CompleteNode(attempt, node, result.Port!, result.Output, JournalStatus.Completed, null);
        if (result.FinishesWorkflow) BeginEnding(InstanceStatus.Completed, null, result.Output?.DeepClone());
    }

    private void CompleteNode(RunningAttempt attempt, NodeState node, string port, JsonNode? output, JournalStatus journalStatus, ActivityError? error)
    {
        var now = Services.Time.GetUtcNow();
        node.Status = NodeStatus.Completed;
        node.Port = port;
        node.Output = output?.Parent is null ? output : output.DeepClone();
        node.CompletedAt = now;
        node.Bookmark = null;
        node.Resumption = null;
        node.Container = null;
        node.JournalId = null;
        node.RetryAt = null;
        node.Error = error;

        var entry = attempt.Journal;
        entry.Status = journalStatus;
        entry.Port = port;
        entry.Output = node.Output?.DeepClone();
        entry.Error = error;
        _pending.Journal.Add(entry);
        AddEvent(EventTypes.NodeCompleted, node, attempt, new JsonObject
        {
            ["port"] = port,
            ["output"] = node.Output?.DeepClone(),
            ["durationMs"] = entry.DurationMs,
        });
    }

    /// <summary>Retry per policy as a durable timer; when retries are exhausted, onError decides.</summary>
    private void HandleFailure(RunningAttempt attempt, NodeState node, ActivityError error, bool retryable)
    {
        var definition = attempt.Node;
        error.NodeId = definition.Id;
        error.Attempt = node.Attempt;
        node.Bookmark = null;
        node.Resumption = null;
        var entry = attempt.Journal;
        entry.Error = error;
        var policy = definition.Retry;
        var errorJson = ErrorJson.From(error);

        if (retryable && policy is not null && node.Attempt < policy.MaxAttempts && !policy.NonRetryable.Contains(error.Type))
        {
            var retryAt = Services.Time.GetUtcNow() + policy.DelayAfter(node.Attempt);
            node.Status = NodeStatus.Waiting;
            node.RetryAt = retryAt;
            node.Error = error;
            node.Container = null;
            entry.Status = JournalStatus.Retrying;
            _pending.Journal.Add(entry);
            AddEvent(EventTypes.NodeRetrying, node, attempt, new JsonObject { ["error"] = errorJson, ["retryAt"] = retryAt });
            return;
        }

        AddEvent(EventTypes.NodeFailed, node, attempt, new JsonObject { ["error"] = errorJson.DeepClone() });
        switch (definition.OnError)
        {
            case OnErrorBehavior.Continue:
                CompleteNode(attempt, node, Ports.Done, null, JournalStatus.Failed, error);
                break;
            case OnErrorBehavior.Route:
                CompleteNode(attempt, node, Ports.Error, errorJson, JournalStatus.Failed, error);
                break;
            default:
                node.Status = NodeStatus.Failed;
                node.Error = error;
                node.JournalId = null;
                entry.Status = JournalStatus.Failed;
                _pending.Journal.Add(entry);
                if (attempt.Scope.Length == 0) BeginEnding(InstanceStatus.Faulted, error);
                else FailContainer(attempt.Scope, error);
                break;
        }
    }

    /// <summary>
    /// A body node failed for good: its iteration ends and the failure becomes the container's, so the
    /// container's own retry policy and onError apply (a container is a try/catch around its body).
    /// </summary>
    private void FailContainer(string bodyScopeKey, ActivityError bodyError)
    {
        var body = State.Scopes[bodyScopeKey];
        var parentKey = body.Parent ?? "";
        var containerId = body.Container!;
        foreach (var key in State.Scopes.Keys.Where(k => k == bodyScopeKey || k.StartsWith(bodyScopeKey + "/", StringComparison.Ordinal)).ToArray())
            State.Scopes.Remove(key);
        var container = State.Scopes[parentKey].Nodes[containerId];
        var definition = Context.GraphOf(parentKey).NodesById[containerId];
        var journal = new JournalEntry
        {
            Id = container.JournalId ?? Guid.CreateVersion7().ToString("N"),
            InstanceId = Record.Id,
            Scope = parentKey,
            NodeId = containerId,
            ActivityType = definition.Type,
            Attempt = container.Attempt,
            Status = JournalStatus.Running,
            StartedAt = container.StartedAt ?? Services.Time.GetUtcNow(),
            EndedAt = Services.Time.GetUtcNow(),
        };
        var error = new ActivityError
        {
            Type = bodyError.Type,
            Message = $"Node '{bodyError.NodeId}' failed in iteration {body.Iteration}: {bodyError.Message}",
            Details = new JsonObject { ["nodeId"] = bodyError.NodeId, ["scope"] = bodyScopeKey, ["details"] = bodyError.Details?.DeepClone() },
        };
        var synthetic = new RunningAttempt(parentKey, definition, AttemptKind.ContainerStep, journal, null, Task.FromResult<AttemptOutcome>(null!), null);
        HandleFailure(synthetic, container, error, retryable: true);
    }

    private static void RecordTelemetry(RunningAttempt attempt, AttemptOutcome outcome)
    {
        var result = outcome.Kind switch
        {
            AttemptResult.Succeeded when outcome.Result!.IsSuspended => "suspended",
            AttemptResult.Succeeded => "completed",
            AttemptResult.Failed => "failed",
            _ => "cancelled",
        };
        var tags = new TagList
        {
            { WeftTelemetry.ActivityType, attempt.Node.Type },
            { WeftTelemetry.NodeId, attempt.Node.Id },
            { WeftTelemetry.Outcome, result },
        };
        WeftTelemetry.NodeAttempts.Add(1, tags);
        if (attempt.Journal.DurationMs is { } ms) WeftTelemetry.NodeDuration.Record(ms, tags);
        if (attempt.Span is { } span)
        {
            span.SetTag(WeftTelemetry.Outcome, result);
            if (outcome.Error is { } error)
            {
                span.SetStatus(ActivityStatusCode.Error, error.Message);
                span.SetTag("error.type", error.Type);
            }
            span.Dispose();
        }
    }

    /// <summary>The result of a graph: its one completed sink's output, or an object of every completed sink's output by node id.</summary>
    private static JsonNode? SinkResult(FlowGraph graph, ScopeState scope)
    {
        var completed = graph.Sinks
            .Where(id => scope.Nodes.TryGetValue(id, out var n) && n.Status == NodeStatus.Completed)
            .ToArray();
        if (completed.Length == 0) return null;
        if (completed.Length == 1) return scope.Nodes[completed[0]].Output?.DeepClone();
        var result = new JsonObject();
        foreach (var id in completed) result[id] = scope.Nodes[id].Output?.DeepClone();
        return result;
    }
}
