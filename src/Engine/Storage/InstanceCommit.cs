using Weft.Engine.Runtime;

namespace Weft.Engine.Storage;

/// <summary>Everything one step of an instance changed; committed atomically by <see cref="IWorkflowStore.CommitAsync"/>.</summary>
public sealed class InstanceCommit
{
    /// <summary>The instance as it is now (status, state, timestamps, cancel request cleared or not).</summary>
    public required InstanceRecord Instance { get; init; }

    /// <summary>The worker that must still hold the lease for the commit to apply.</summary>
    public required string LeaseOwner { get; init; }

    /// <summary>Journal rows to insert, or to update when a row with the same id exists.</summary>
    public List<JournalEntry> Journal { get; } = [];

    /// <summary>Events to append.</summary>
    public List<InstanceEvent> Events { get; } = [];

    /// <summary>Inbox signals a bookmark consumed.</summary>
    public List<long> ConsumedSignals { get; } = [];

    /// <summary>Signals for other instances (a child ending tells its parent), delivered like <see cref="IWorkflowStore.SendSignalAsync"/>.</summary>
    public List<OutgoingSignal> Signals { get; } = [];

    /// <summary>What becomes of the work item after the commit.</summary>
    public WorkPlan Work { get; set; } = WorkPlan.KeepLease;

    /// <summary>With <see cref="WorkPlan.ReadyAt"/>: when the item is due again.</summary>
    public DateTimeOffset? ReadyAt { get; set; }
}

public enum WorkPlan
{
    /// <summary>The worker goes on with the instance; the lease stays.</summary>
    KeepLease,

    /// <summary>Lease released; the item is due at <see cref="InstanceCommit.ReadyAt"/> (a timer, a retry).</summary>
    ReadyAt,

    /// <summary>Lease released and the item deleted (suspended on signals only, or final) — unless a signal
    /// arrived while the lease was held and is still unconsumed, or a cancel request is pending (and the
    /// instance is not final): then the item stays, ready now.</summary>
    Remove,
}

public sealed record OutgoingSignal(string InstanceId, string Name, System.Text.Json.Nodes.JsonNode? Payload);
