using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Engine.Activities;

/// <summary>
/// Everything one attempt of one node may know or do. Deliberately small: identity, inputs,
/// cancellation, and a handful of calls back into the runtime.
/// </summary>
public sealed class ActivityContext
{
    private readonly IActivityHost _host;

    internal ActivityContext(IActivityHost host, NodeDefinition node, JsonObject inputs, int attempt, CancellationToken cancellationToken)
    {
        _host = host;
        Node = node;
        Inputs = inputs;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }

    public string InstanceId => _host.InstanceId;
    public string DefinitionId => _host.DefinitionId;
    public string NodeId => Node.Id;

    /// <summary>The node as defined (its raw, unevaluated inputs included).</summary>
    public NodeDefinition Node { get; }

    /// <summary>The node's inputs, evaluated, with descriptor defaults applied.</summary>
    public JsonObject Inputs { get; }

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; }

    /// <summary>The same for every attempt of this node in this iteration of this instance: use it to make side effects safe to repeat.</summary>
    public string IdempotencyKey => _host.IdempotencyKey;

    /// <summary>Where the node runs: empty at the top level, <c>loop#2</c> in a container's third iteration.</summary>
    public string Scope => _host.Scope;

    /// <summary>Signalled on attempt timeout, heartbeat timeout, execution timeout, cancel and terminate.</summary>
    public CancellationToken CancellationToken { get; }

    public IServiceProvider Services => _host.Services;
    public ILogger Logger => _host.Logger;
    public TimeProvider Time => _host.Time;

    /// <summary>Starts child workflows, signals other instances.</summary>
    public IWorkflowClient Workflows => _host.Workflows;

    /// <summary>
    /// Containers only (<c>[Activity(IsContainer = true)]</c>): the iterations so far. A container's
    /// <c>ExecuteAsync</c> runs when the node starts and again after each iteration of its body; it
    /// returns <see cref="ActivityResult.Iterate"/> to run the body again or <c>Complete</c> to finish.
    /// <see cref="ContainerProgress.Data"/> is kept between calls for the activity's own use.
    /// </summary>
    public ContainerProgress? Container => _host.Container;

    /// <summary>Evaluates a value with <c>{{ }}</c> templates in this node's scope (e.g. a loop condition).</summary>
    public JsonNode? Evaluate(string template) => _host.Evaluate(template);

    /// <summary>Sets an instance variable; it is committed together with the node's completion.</summary>
    public void SetVariable(string name, JsonNode? value) => _host.SetVariable(name, value);

    /// <summary>Reports liveness for <c>heartbeatTimeout</c>.</summary>
    public void Heartbeat() => _host.Heartbeat();

    /// <summary>Publishes a live event (e.g. <c>token</c>) on the instance's event stream.</summary>
    public ValueTask EmitAsync(string eventType, JsonNode? data) => _host.EmitAsync(eventType, data);
}

/// <summary>The runtime side of an <see cref="ActivityContext"/>.</summary>
internal interface IActivityHost
{
    string InstanceId { get; }
    string DefinitionId { get; }
    string IdempotencyKey { get; }
    string Scope { get; }
    IServiceProvider Services { get; }
    ILogger Logger { get; }
    TimeProvider Time { get; }
    IWorkflowClient Workflows { get; }
    ContainerProgress? Container { get; }
    JsonNode? Evaluate(string template);
    void SetVariable(string name, JsonNode? value);
    void Heartbeat();
    ValueTask EmitAsync(string eventType, JsonNode? data);
}
