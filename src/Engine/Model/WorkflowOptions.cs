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
}

public enum IdempotencyMode
{
    /// <summary>Return the instance already started with the same key.</summary>
    UseExisting,

    /// <summary>Refuse the start (HTTP 409).</summary>
    Fail,
}
