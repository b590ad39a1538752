using Weft.Engine.Runtime;

namespace Weft.Engine.Storage;

/// <summary>An instance row: identity and status as columns (for queries), the rest in <see cref="State"/>.</summary>
public sealed class InstanceRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public InstanceStatus Status { get; set; }
    public string Queue { get; set; } = "default";

    /// <summary>The caller's idempotency key (unique per definition), if any.</summary>
    public string? IdempotencyKey { get; set; }

    public string? ParentInstanceId { get; set; }
    public string? ParentNodeId { get; set; }

    /// <summary>Set by cancel or terminate; the worker that owns the instance acts on it.</summary>
    public CancelRequest CancelRequest { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public InstanceState State { get; set; } = new();
}

public enum CancelRequest
{
    None,
    Cancel,
    Terminate,
}
