using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Expressions;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Microsoft.Extensions.Logging;
using Weft.Engine.Telemetry;

namespace Weft.Engine.Runtime;

/// <summary>Planning and starting attempts: what may run now, and launching it within the parallelism bound.</summary>
internal sealed partial class InstanceRunner
{
    private readonly List<string> _readyScratch = [];
    private readonly List<string> _skippedScratch = [];
    private readonly List<(string Scope, string NodeId)> _readyExecutes = [];
    private readonly List<PreparedAttempt> _prepared = [];

    /// <summary>Finishes container iterations whose body completed and moves tokens in every scope.</summary>
    private void AdvanceAllScopes()
    {
        _readyExecutes.Clear();
        // Inner scopes first, so a body that completes lets its container decide in the same round.
        foreach (var key in State.Scopes.Keys.OrderByDescending(k => k.Length).ToArray())
        {
            if (!State.Scopes.TryGetValue(key, out var scope)) continue;
            var graph = Context.GraphOf(key);
            _readyScratch.Clear();
            _skippedScratch.Clear();
            TokenFlow.Advance(graph, scope, _readyScratch, _skippedScratch);
            foreach (var skipped in _skippedScratch)
                AddEvent(EventTypes.NodeSkipped, skipped, new JsonObject { ["scope"] = key });
            foreach (var ready in _readyScratch) _readyExecutes.Add((key, ready));
            if (key.Length > 0 && TokenFlow.IsComplete(graph, scope) && !_running.Any(r => r.Scope == key))
                CompleteIteration(key, scope, graph);
        }
    }

    /// <summary>A body iteration ended: its result joins the container's, and the container decides again.</summary>
    private void CompleteIteration(string key, ScopeState scope, FlowGraph graph)
    {
        var parent = State.Scopes[scope.Parent ?? ""];
        var container = parent.Nodes[scope.Container!];
        container.Container!.Results.Add(SinkResult(graph, scope));
        container.Container.Index++;
        State.Scopes.Remove(key);
        _pending.MarkChanged();
    }

    /// <summary>
    /// Marks what may run now as Running, with its journal row and started event in the pending commit;
    /// <see cref="LaunchPrepared"/> starts them once that commit has landed, so every attempt in flight
    /// is in the committed state (a crash finds it there) and a node's start costs no write of its own.
    /// </summary>
    private void PrepareReadyAttempts()
    {
        var capacity = Math.Max(1, Context.Definition.Definition.Options.MaxParallelism) - _running.Count - _prepared.Count;
        if (capacity <= 0) return;
        foreach (var (key, scope) in State.Scopes.ToArray())
        {
            foreach (var (nodeId, node) in scope.Nodes.ToArray())
            {
                if (capacity <= 0) return;
                if (node.Status == NodeStatus.Suspended && node.Resumption is not null)
                {
                    Prepare(key, nodeId, AttemptKind.Resume);
                    capacity--;
                }
                else if (node.Status == NodeStatus.Iterating && !State.Scopes.ContainsKey(InstanceRunContext.IterationScopeKey(key, nodeId, node.Container!.Index)))
                {
                    Prepare(key, nodeId, AttemptKind.ContainerStep);
                    capacity--;
                }
            }
        }
        foreach (var (key, nodeId) in _readyExecutes)
        {
            if (capacity-- <= 0) break;
            Prepare(key, nodeId, AttemptKind.Execute);
        }
        _readyExecutes.Clear();
    }

    /// <summary>Starts the prepared attempts; called after the commit that records them.</summary>
    private void LaunchPrepared()
    {
        foreach (var prepared in _prepared)
        {
            // The attempt's task inherits its node span as Activity.Current (HttpClient and LLM spans nest under it).
            var previous = System.Diagnostics.Activity.Current;
            System.Diagnostics.Activity.Current = prepared.Span;
            var task = prepared.Failure is { } failure
                ? Task.FromResult(AttemptExecutor.FromException(failure, Services.Time))
                : LaunchOrFail(prepared);
            System.Diagnostics.Activity.Current = previous;
            _running.Add(new RunningAttempt(prepared.Scope, prepared.Definition, prepared.Kind, prepared.Journal, prepared.Host.Container, task, prepared.Span));
        }
        _prepared.Clear();
    }

    private Task<AttemptOutcome> LaunchOrFail(PreparedAttempt prepared)
    {
        try
        {
            return Launch(prepared.Kind, prepared.Definition, prepared.Node, prepared.Host, prepared.Inputs);
        }
        catch (ActivityException ex)
        {
            return Task.FromResult(AttemptExecutor.FromException(ex, Services.Time));
        }
    }

    private void Prepare(string scopeKey, string nodeId, AttemptKind kind)
    {
        var definition = Context.GraphOf(scopeKey).NodesById[nodeId];
        var scope = State.Scopes[scopeKey];
        if (!scope.Nodes.TryGetValue(nodeId, out var node)) scope.Nodes[nodeId] = node = new NodeState();
        var now = Services.Time.GetUtcNow();
        if (kind == AttemptKind.Execute)
        {
            node.Attempt++;
            node.Container = null;
            node.Bookmark = null;
            node.Resumption = null;
        }
        node.Status = NodeStatus.Running;
        // A container's attempt spans all its iterations: its steps share one journal row.
        var newRow = kind != AttemptKind.ContainerStep || node.JournalId is null;
        if (newRow)
        {
            node.JournalId = Guid.CreateVersion7().ToString("N");
            node.StartedAt = now;
        }
        if (kind == AttemptKind.Execute && Services.Registry.TryGet(definition.Type, out var registration) && registration.Descriptor.IsContainer)
            node.Container = new ContainerProgress();

        // Node spans are children of the run span, never of each other; Activity.Current is left as it was.
        var previous = System.Diagnostics.Activity.Current;
        var span = WeftTelemetry.Source.StartActivity("node " + nodeId, System.Diagnostics.ActivityKind.Internal,
            _runSpan?.Context ?? default(System.Diagnostics.ActivityContext));
        System.Diagnostics.Activity.Current = previous;
        span?.SetTag(WeftTelemetry.InstanceId, Record.Id);
        span?.SetTag(WeftTelemetry.NodeId, nodeId);
        span?.SetTag(WeftTelemetry.ActivityType, definition.Type);
        span?.SetTag(WeftTelemetry.Attempt, node.Attempt);
        if (scopeKey.Length > 0) span?.SetTag(WeftTelemetry.Scope, scopeKey);

        // The activity gets its own copy of container progress: the loop may serialize the state meanwhile.
        var containerCopy = node.Container is null ? null : new ContainerProgress
        {
            Index = node.Container.Index,
            Data = node.Container.Data?.DeepClone(),
            Results = (JsonArray)node.Container.Results.DeepClone(),
        };
        var host = new NodeActivityHost(this, scopeKey, nodeId, containerCopy);
        JsonObject inputs = [];
        Exception? failure = null;
        try
        {
            inputs = EvaluateInputs(scopeKey, definition);
        }
        catch (Exception ex) when (ex is ActivityException or ExpressionException)
        {
            failure = ex;
        }

        var journal = new JournalEntry
        {
            Id = node.JournalId!,
            InstanceId = Record.Id,
            Scope = scopeKey,
            NodeId = nodeId,
            ActivityType = definition.Type,
            Attempt = node.Attempt,
            Status = JournalStatus.Running,
            Inputs = inputs,
            StartedAt = node.StartedAt ?? now,
        };
        if (newRow) _pending.Journal.Add(journal);
        AddEvent(kind == AttemptKind.Resume ? EventTypes.NodeResumed : EventTypes.NodeStarted, nodeId, new JsonObject
        {
            ["scope"] = scopeKey,
            ["activityType"] = definition.Type,
            ["attempt"] = node.Attempt,
        });
        _prepared.Add(new PreparedAttempt(scopeKey, definition, node, kind, host, inputs, failure, journal, span));
    }

    private sealed record PreparedAttempt(
        string Scope, NodeDefinition Definition, NodeState Node, AttemptKind Kind, NodeActivityHost Host,
        JsonObject Inputs, Exception? Failure, JournalEntry Journal, System.Diagnostics.Activity? Span);

    private Task<AttemptOutcome> Launch(AttemptKind kind, NodeDefinition definition, NodeState node, NodeActivityHost host, JsonObject inputs)
    {
        if (!Services.Registry.TryGet(definition.Type, out var registration))
            throw new ActivityException(ErrorTypes.Validation, $"Unknown activity type '{definition.Type}' on node '{definition.Id}'.", retryable: false);
        var activity = registration.Activity;
        Func<ActivityContext, ValueTask<ActivityResult>> call = kind == AttemptKind.Resume
            ? activity is IResumableActivity resumable
                ? context => resumable.ResumeAsync(context, node.Bookmark!, node.Resumption!)
                : _ => ValueTask.FromResult(ActivityResult.Complete(node.Resumption!.Payload?.DeepClone()))
            : activity.ExecuteAsync;
        return AttemptExecutor.RunAsync(call, host, definition, inputs, node.Attempt, _stopAttempts.Token, Services.Time);
    }

    /// <summary>Evaluates a node's inputs in its scope and applies the descriptor's defaults and required checks.</summary>
    private JsonObject EvaluateInputs(string scopeKey, NodeDefinition node)
    {
        Services.Registry.TryGet(node.Type, out var registration);
        var descriptor = registration?.Descriptor;
        var scope = new RuntimeScope(Context, scopeKey);
        var inputs = new JsonObject();
        foreach (var (name, raw) in node.Inputs)
        {
            var lazy = descriptor?.Inputs.FirstOrDefault(i => i.Name == name)?.Lazy == true;
            try
            {
                inputs[name] = lazy ? raw?.DeepClone() : Services.Expressions.EvaluateValue(raw, scope);
            }
            catch (ExpressionLimitException ex)
            {
                throw new ActivityException(ErrorTypes.LimitExceeded, $"Input '{name}' of node '{node.Id}': {ex.Message}", retryable: false, inner: ex);
            }
            catch (ExpressionException ex)
            {
                throw new ActivityException(ErrorTypes.Expression, $"Input '{name}' of node '{node.Id}': {ex.Message}", retryable: false, inner: ex);
            }
        }
        if (descriptor is null) return inputs;
        foreach (var input in descriptor.Inputs)
        {
            if (!inputs.ContainsKey(input.Name) && input.Default is not null) inputs[input.Name] = input.Default.DeepClone();
            if (input.Required && inputs[input.Name] is null)
                throw ActivityException.Validation($"Required input '{input.Name}' of node '{node.Id}' is missing or evaluated to null.");
        }
        return inputs;
    }

    /// <summary>Called by attempts (through their context) to evaluate a template in their scope.</summary>
    /// <param name="gateHeld">The caller runs inline in the loop, which holds the state gate already.</param>
    internal JsonNode? EvaluateTemplate(string scopeKey, string template, bool gateHeld)
    {
        if (gateHeld) return Services.Expressions.CompileTemplate(template).Evaluate(new RuntimeScope(Context, scopeKey));
        _stateGate.Wait();
        try
        {
            return Services.Expressions.CompileTemplate(template).Evaluate(new RuntimeScope(Context, scopeKey));
        }
        finally
        {
            _stateGate.Release();
        }
    }

    /// <summary>Called by attempts to stream a live event (tokens…): published at once, stored in the background.</summary>
    internal async ValueTask EmitLiveAsync(string eventType, string nodeId, JsonNode? data)
    {
        var instanceEvent = NewEvent(eventType, nodeId, data);
        Services.Hub.Publish(instanceEvent);
        await Services.Store.AppendAsync([], [instanceEvent], CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// A live event of an inline attempt goes out with the commit that records the attempt, like its node events: an
    /// <c>http.respond</c> answer then leaves only once everything before it is durable, so a caller never sees a
    /// result that a crash could take back.
    /// </summary>
    internal void EmitInline(string eventType, string nodeId, JsonNode? data) => _pending.Events.Add(NewEvent(eventType, nodeId, data));

    private void HarvestFinishedAttempts()
    {
        for (var i = 0; i < _running.Count; i++)
        {
            var attempt = _running[i];
            if (!attempt.Task.IsCompleted) continue;
            _running.RemoveAt(i--);
            ApplyOutcome(attempt, attempt.Task.Result);
        }
    }
}
