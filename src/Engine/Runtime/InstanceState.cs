using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Engine.Runtime;

/// <summary>
/// The durable state of one instance, stored as one JSON document and rewritten in the same
/// transaction as each node completion. Enough to continue after a crash without re-running
/// anything that completed.
/// </summary>
public sealed class InstanceState
{
    public JsonObject Input { get; set; } = [];
    public JsonObject Variables { get; set; } = [];

    /// <summary>What <c>flow.finish</c> (or the last node) produced.</summary>
    public JsonNode? Output { get; set; }

    /// <summary>Why the instance faulted, timed out, was cancelled or terminated.</summary>
    public ActivityError? Error { get; set; }

    /// <summary>The HTTP request that started the instance, when a trigger did.</summary>
    public JsonObject? Trigger { get; set; }

    /// <summary>When <c>executionTimeout</c> passes.</summary>
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>W3C traceparent of the caller that started the instance; resumed runs link to it.</summary>
    public string? TraceParent { get; set; }

    /// <summary>The sequence number of the last live event published for the instance.</summary>
    public long EventSeq { get; set; }

    /// <summary>Node states per scope: "" is the top level; container iterations add scopes like <c>loop#0</c>.</summary>
    public Dictionary<string, ScopeState> Scopes { get; set; } = new(StringComparer.Ordinal) { [""] = new ScopeState() };
}

/// <summary>One run of a graph: the top level, or one iteration of a container's body.</summary>
public sealed class ScopeState
{
    /// <summary>The enclosing scope's key; null for the top level.</summary>
    public string? Parent { get; set; }

    /// <summary>The container node whose body this scope runs.</summary>
    public string? Container { get; set; }

    public int Iteration { get; set; }

    /// <summary>The iteration's values visible to expressions (e.g. <c>item</c>, <c>index</c>).</summary>
    public JsonObject? Locals { get; set; }

    public Dictionary<string, NodeState> Nodes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Where one node of one scope stands.</summary>
public sealed class NodeState
{
    public NodeStatus Status { get; set; }
    public string? Port { get; set; }
    public JsonNode? Output { get; set; }

    /// <summary>The attempt running or last run (1-based); 0 before the first.</summary>
    public int Attempt { get; set; }

    public ActivityError? Error { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When a waiting node's next attempt is due.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Set while the node is suspended.</summary>
    public Bookmark? Bookmark { get; set; }

    /// <summary>
    /// Why the bookmark resumed (the signal's payload…), committed together with the consumed signal so
    /// that a crash before the resumed attempt finishes resumes it again instead of losing the signal.
    /// </summary>
    public BookmarkResumption? Resumption { get; set; }

    /// <summary>The journal row of the attempt in flight (marked Interrupted if the process dies).</summary>
    public string? JournalId { get; set; }

    /// <summary>Progress of a container node.</summary>
    public ContainerProgress? Container { get; set; }
}

public enum NodeStatus
{
    Pending,
    Running,

    /// <summary>Failed an attempt and waits for its retry timer.</summary>
    Waiting,

    Suspended,

    /// <summary>A container whose body is running an iteration.</summary>
    Iterating,

    Completed,

    /// <summary>Dead path: every incoming edge was inactive.</summary>
    Skipped,

    /// <summary>Failed its last attempt; the instance faulted (retry-from-failure re-runs it).</summary>
    Failed,
}

/// <summary>A container's iterations so far.</summary>
public sealed class ContainerProgress
{
    /// <summary>The iteration running now (0-based).</summary>
    public int Index { get; set; }

    /// <summary>What the activity keeps between iterations (e.g. the items of a foreach).</summary>
    public JsonNode? Data { get; set; }

    /// <summary>The result of each finished iteration.</summary>
    public JsonArray Results { get; set; } = [];
}

/// <summary>A failure as stored and shown: type (matched by retry policies), message, details.</summary>
public sealed class ActivityError
{
    public string Type { get; set; } = ErrorTypes.ActivityFailed;
    public string Message { get; set; } = "";
    public JsonNode? Details { get; set; }
    public string? NodeId { get; set; }
    public int? Attempt { get; set; }
}
