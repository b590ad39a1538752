namespace Weft.Engine.Runtime;

/// <summary>The life of a workflow instance (DESIGN.md §4).</summary>
public enum InstanceStatus
{
    /// <summary>Created, not yet picked up by a worker.</summary>
    Pending,

    /// <summary>Nodes are running, or waiting for a retry timer.</summary>
    Running,

    /// <summary>Every live branch waits on a bookmark (signal, timer, child).</summary>
    Suspended,

    Completed,

    /// <summary>A node failed with <c>onError: fail</c>, or <c>flow.fail</c> ran; retry-from-failure can continue it.</summary>
    Faulted,

    /// <summary>Ended by a cancel request after running nodes observed the cancellation.</summary>
    Cancelled,

    /// <summary>The workflow's <c>executionTimeout</c> passed.</summary>
    TimedOut,

    /// <summary>Ended at once by a terminate request, without waiting for running nodes.</summary>
    Terminated,
}

public static class InstanceStatusExtensions
{
    /// <summary>Completed, Faulted, Cancelled, TimedOut and Terminated are final (Faulted may still be retried).</summary>
    public static bool IsFinal(this InstanceStatus status) =>
        status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled
            or InstanceStatus.TimedOut or InstanceStatus.Terminated;
}
