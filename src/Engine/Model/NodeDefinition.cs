using System.Text.Json.Nodes;

namespace Weft.Engine.Model;

/// <summary>One step of a workflow: an activity of type <see cref="Type"/> with its input values and policies.</summary>
public sealed class NodeDefinition
{
    /// <summary>Unique within the whole workflow, including container bodies; expressions read <c>nodes.&lt;id&gt;.output</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The activity type, e.g. <c>text.chunk</c>; see the activity descriptors.</summary>
    public string Type { get; set; } = "";

    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Input values: JSON literals, or strings with <c>{{ expr }}</c> templates.</summary>
    public Dictionary<string, JsonNode?> Inputs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Retry policy of each attempt; null runs the node once.</summary>
    public RetryPolicy? Retry { get; set; }

    /// <summary>Limit of one attempt; past it the attempt is cancelled and counts as a failure of type <c>Timeout</c>. Default: none.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>An attempt that reports no heartbeat for this long is cancelled as <c>HeartbeatTimeout</c>. Default: none.</summary>
    public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>What happens when the last attempt fails. Default: fail the instance.</summary>
    public OnErrorBehavior OnError { get; set; } = OnErrorBehavior.Fail;

    /// <summary>When the node runs relative to its incoming edges. Default: all resolved, at least one active.</summary>
    public JoinMode Join { get; set; } = JoinMode.All;

    /// <summary>Designer position; the engine ignores it.</summary>
    public NodePosition? Position { get; set; }

    /// <summary>The body of a container (<c>flow.foreach</c>, <c>flow.while</c>): a sub-graph run once per iteration.</summary>
    public WorkflowGraph? Body { get; set; }
}

public sealed class NodePosition
{
    public double X { get; set; }
    public double Y { get; set; }
}

public enum OnErrorBehavior
{
    /// <summary>Fault the instance.</summary>
    Fail,

    /// <summary>Complete the node on its <c>done</c> port with a null output.</summary>
    Continue,

    /// <summary>Complete the node on its <c>error</c> port with the error as output.</summary>
    Route,
}

public enum JoinMode
{
    /// <summary>Run once every incoming edge is resolved and at least one is active.</summary>
    All,

    /// <summary>Run on the first active incoming edge.</summary>
    Any,
}
