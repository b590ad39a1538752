using System.Text.Json.Nodes;

namespace Weft.Engine.Storage;

/// <summary>A live event of an instance (node.started, token, instance.completed…), numbered per instance for replay.</summary>
public sealed record InstanceEvent(string InstanceId, long Sequence, string Type, string? NodeId, JsonNode? Data, DateTimeOffset At);

/// <summary>Event type names.</summary>
public static class EventTypes
{
    public const string InstanceStarted = "instance.started";
    public const string NodeStarted = "node.started";
    public const string NodeCompleted = "node.completed";
    public const string NodeFailed = "node.failed";
    public const string NodeRetrying = "node.retrying";
    public const string NodeSuspended = "node.suspended";
    public const string NodeResumed = "node.resumed";
    public const string NodeSkipped = "node.skipped";
    public const string Token = "token";
    public const string InstanceSuspended = "instance.suspended";
    public const string InstanceResumed = "instance.resumed";
    public const string InstanceCompleted = "instance.completed";
    public const string InstanceFaulted = "instance.faulted";
    public const string InstanceCancelled = "instance.cancelled";
    public const string InstanceTimedOut = "instance.timedOut";
    public const string InstanceTerminated = "instance.terminated";
    public const string SignalReceived = "signal.received";
}
