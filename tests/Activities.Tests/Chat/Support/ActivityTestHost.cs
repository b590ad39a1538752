using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Engine.Activities;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Activities.Tests.Chat.Support;

/// <summary>
/// The runtime side of an <see cref="ActivityContext"/> for activity unit tests (the approach of the
/// engine's own tests): records events and heartbeats; templates are evaluated by <see cref="Evaluator"/>,
/// which each test supplies.
/// </summary>
internal sealed class ActivityTestHost : IActivityHost
{
    public string InstanceId { get; set; } = "instance-1";
    public string DefinitionId { get; set; } = "test-workflow";
    public string IdempotencyKey => $"{InstanceId}:node";
    public string Scope { get; set; } = "";
    public TestServices TestServices { get; } = new();
    public IServiceProvider Services => TestServices;
    public ILogger Logger => NullLogger.Instance;
    public TimeProvider Time => TimeProvider.System;
    public IWorkflowClient Workflows => throw new InvalidOperationException("These activities start no workflows.");
    public ContainerProgress? Container => null;

    public Func<string, JsonNode?> Evaluator { get; set; } = text => throw new InvalidOperationException($"This test did not expect an evaluation of '{text}'.");

    public ConcurrentQueue<(string Type, JsonNode? Data)> Events { get; } = new();

    private int _heartbeats;

    public int Heartbeats => _heartbeats;

    public ActivityContext Context(string type, JsonObject inputs, string nodeId = "node", int attempt = 1, CancellationToken cancellationToken = default)
    {
        var node = new NodeDefinition
        {
            Id = nodeId,
            Type = type,
            Inputs = inputs.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal),
        };
        return new ActivityContext(this, node, (JsonObject)inputs.DeepClone(), attempt, cancellationToken);
    }

    public JsonNode? Evaluate(string template) => Evaluator(template);

    public void SetVariable(string name, JsonNode? value) => throw new InvalidOperationException("These activities set no variables.");

    public void Heartbeat() => Interlocked.Increment(ref _heartbeats);

    public ValueTask EmitAsync(string eventType, JsonNode? data)
    {
        Heartbeat();
        Events.Enqueue((eventType, data));
        return ValueTask.CompletedTask;
    }
}
