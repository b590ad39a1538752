namespace Weft.Engine.Model;

/// <summary>Run-wide options of a workflow definition.</summary>
public sealed class WorkflowOptions
{
    /// <summary>Whole-run limit; when it passes, running nodes are cancelled and the instance ends TimedOut. Default: none.</summary>
    public TimeSpan? ExecutionTimeout { get; set; }

    /// <summary>The queue the instance runs on; workers subscribe to queues. Default: <c>default</c>.</summary>
    public string Queue { get; set; } = "default";

    /// <summary>What a start with an idempotency key or instance id that already exists does. Default: return the existing instance.</summary>
    public IdempotencyMode Idempotency { get; set; } = IdempotencyMode.UseExisting;

    /// <summary>How many nodes of one instance may run at once on parallel branches. Default: 8.</summary>
    public int MaxParallelism { get; set; } = 8;

    /// <summary>
    /// Whether a run is stored as it goes (<see cref="WorkflowDurability.Durable"/>) or only when it has to be
    /// (<see cref="WorkflowDurability.Ephemeral"/>: waits, fails, or sends a signal). Default: durable.
    /// </summary>
    public WorkflowDurability Durability { get; set; } = WorkflowDurability.Durable;
}

/// <summary>How much of a run the store sees (docs/workflows.md, "Ephemeral runs").</summary>
public enum WorkflowDurability
{
    /// <summary>Every step is committed before the next depends on it; a crash resumes from the last commit.</summary>
    Durable,

    /// <summary>
    /// A run that starts in the accepting process runs in memory and leaves nothing in the store when it completes,
    /// like a request to a plain endpoint: for request/response workflows where throughput matters more than a stored
    /// history of successes. The run is stored, with everything it did so far, and continues durably the moment it
    /// waits (a timer, a signal), fails, is cancelled, or signals another instance. A crash loses a run still in memory.
    /// </summary>
    Ephemeral,
}

public enum IdempotencyMode
{
    /// <summary>Return the instance already started with the same key.</summary>
    UseExisting,

    /// <summary>Refuse the start (HTTP 409).</summary>
    Fail,
}
