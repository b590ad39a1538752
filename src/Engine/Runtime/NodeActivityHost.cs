using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Activities;

namespace Weft.Engine.Runtime;

/// <summary>The runtime behind one attempt's <see cref="ActivityContext"/>.</summary>
internal sealed class NodeActivityHost(
    InstanceRunner runner,
    string scope,
    string nodeId,
    ContainerProgress? container) : IActivityHost
{
    /// <summary>Made on the first SetVariable: most attempts set none, and every node has a host.</summary>
    private ConcurrentDictionary<string, JsonNode?>? _variables;
    private long _lastHeartbeatTicks = runner.Services.Time.GetTimestamp();

    public string InstanceId => runner.Context.Record.Id;
    public string DefinitionId => runner.Context.Record.DefinitionId;

    /// <summary>Instance, scope and node: stable across attempts and across crashes.</summary>
    public string IdempotencyKey => scope.Length == 0 ? $"{InstanceId}:{nodeId}" : $"{InstanceId}:{scope}:{nodeId}";

    public string Scope => scope;
    public IServiceProvider Services => runner.Services.ServiceProvider;
    public ILogger Logger => runner.Services.ActivityLogger;
    public TimeProvider Time => runner.Services.Time;
    public IWorkflowClient Workflows => runner.Services.Client;
    public ContainerProgress? Container => container;

    /// <summary>Variables set by the attempt; applied when it succeeds.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables => (IReadOnlyDictionary<string, JsonNode?>?)_variables ?? AttemptOutcome.NoVariables;

    public long LastHeartbeat => Interlocked.Read(ref _lastHeartbeatTicks);

    /// <summary>
    /// The attempt runs inline in the runner's loop, which holds the state already: templates are evaluated without
    /// waiting for it, and live events go out with the next commit instead of at once with a write of their own.
    /// </summary>
    public bool RunsInline { get; set; }

    public JsonNode? Evaluate(string template) => runner.EvaluateTemplate(scope, template, gateHeld: RunsInline);

    public void SetVariable(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var variables = LazyInitializer.EnsureInitialized(ref _variables, () => new ConcurrentDictionary<string, JsonNode?>(StringComparer.Ordinal));
        variables[name] = value?.Parent is null ? value : value.DeepClone();
    }

    public void Heartbeat() => Interlocked.Exchange(ref _lastHeartbeatTicks, runner.Services.Time.GetTimestamp());

    public ValueTask EmitAsync(string eventType, JsonNode? data)
    {
        Heartbeat(); // a streaming activity is alive
        if (!RunsInline) return runner.EmitLiveAsync(eventType, nodeId, data);
        runner.EmitInline(eventType, nodeId, data);
        return ValueTask.CompletedTask;
    }
}
