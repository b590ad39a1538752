using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage;

/// <summary>
/// The one storage contract (DESIGN.md §6). SQLite and PostgreSQL implement it and pass the same
/// contract tests. Every method is safe to call concurrently. A task that completes has made its
/// change durable; a task that fails has changed nothing.
/// </summary>
public interface IWorkflowStore : IAsyncDisposable
{
    /// <summary>Applies pending schema migrations (versioned, idempotent, safe when several processes start at once).</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    // ---- Definitions -------------------------------------------------------------------

    /// <summary>Stores <paramref name="definition"/> as the next version of its id (1 for a new id) and returns that version.</summary>
    Task<int> SaveDefinitionAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>A stored version; <paramref name="version"/> null means the latest saved.</summary>
    Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The published version of <paramref name="id"/>, if one is.</summary>
    Task<WorkflowDefinition?> GetPublishedDefinitionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="version"/> the published one (at most one per id). False when that version does not exist.</summary>
    Task<bool> PublishDefinitionAsync(string id, int version, CancellationToken cancellationToken = default);

    /// <summary>Unpublishes <paramref name="id"/> (triggers stop answering). False when nothing was published.</summary>
    Task<bool> UnpublishDefinitionAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DefinitionSummary>> ListDefinitionsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DefinitionVersionInfo>> ListDefinitionVersionsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every version of <paramref name="id"/> from lists, latest and published look-ups. Rows stay so that
    /// <see cref="GetDefinitionAsync"/> with an explicit version still serves instances that run them. False when unknown.
    /// </summary>
    Task<bool> DeleteDefinitionAsync(string id, CancellationToken cancellationToken = default);

    // ---- Instances ---------------------------------------------------------------------

    /// <summary>
    /// Inserts the instance, its definition snapshot reference and a work item ready now, in one
    /// transaction. When an instance with the same id, or the same (definition id, idempotency key),
    /// already exists nothing is written and that instance is returned with <c>Created = false</c>.
    /// </summary>
    Task<CreateInstanceResult> CreateInstanceAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="CreateInstanceAsync"/> whose new work item is leased to <paramref name="workerId"/> until
    /// <paramref name="now"/> + <paramref name="lease"/> in the same transaction (a local start): the creating worker
    /// runs the instance at once without claiming it, and no other worker can claim it before the lease expires, so a
    /// crash between creating and running is recovered like any other expired lease. PostgreSQL sends no work
    /// notification for it. An existing id or idempotency key writes nothing and leases nothing, as in
    /// <see cref="CreateInstanceAsync"/>. With <paramref name="firstCommit"/>, a new instance also gets that commit
    /// applied in the same transaction (its worker is <paramref name="workerId"/>): the runner ran the instance's
    /// first steps in memory and creates it together with them, one transaction instead of two.
    /// </summary>
    Task<CreateInstanceResult> CreateLeasedInstanceAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, string workerId, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default, InstanceCommit? firstCommit = null);

    Task<InstanceRecord?> GetInstanceAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Newest first; filters are ANDed; <see cref="InstanceQuery.Take"/> is capped at 500.</summary>
    Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits what one step of an instance changed, in one transaction: the instance row and state,
    /// journal writes, consumed inbox signals, events, signals to other instances, and the instance's
    /// work item. Fails with <see cref="LeaseLostException"/> (writing nothing) when
    /// <see cref="InstanceCommit.LeaseOwner"/> no longer holds the instance. Implementations batch
    /// concurrent commits of different instances into shared transactions (group commit).
    /// </summary>
    Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes journal rows and events that need not wait for a commit (an attempt starting, tokens).
    /// Ordered after every earlier write of the same caller; durable eventually — a crash may lose them,
    /// which is harmless because they precede the commit that matters.
    /// </summary>
    Task AppendAsync(IReadOnlyList<JournalEntry> journal, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Every journal row of the instance in the order written.</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Events with a sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<InstanceEvent>> GetEventsAsync(string instanceId, long afterSequence, int take = 1000, CancellationToken cancellationToken = default);

    // ---- Signals -----------------------------------------------------------------------

    /// <summary>
    /// Puts a signal in the instance's inbox and makes its work item ready now, in one transaction.
    /// Kept until a bookmark consumes it, even when no bookmark waits yet.
    /// </summary>
    Task<SignalDelivery> SendSignalAsync(string instanceId, string name, JsonNode? payload, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Signals not yet consumed, oldest first.</summary>
    Task<IReadOnlyList<InboxSignal>> GetPendingSignalsAsync(string instanceId, CancellationToken cancellationToken = default);

    // ---- Control -----------------------------------------------------------------------

    /// <summary>Records a cancel or terminate request and makes the work item ready now. Returns the status before, or null when unknown.</summary>
    Task<InstanceStatus?> RequestCancelAsync(string instanceId, CancelRequest request, DateTimeOffset now, CancellationToken cancellationToken = default);

    // ---- Work queue --------------------------------------------------------------------

    /// <summary>
    /// Claims up to <paramref name="max"/> work items of <paramref name="queues"/> whose time has come
    /// and whose lease is free or expired, leasing them to <paramref name="workerId"/> until now + lease.
    /// </summary>
    Task<IReadOnlyList<WorkClaim>> ClaimWorkAsync(string workerId, IReadOnlyList<string> queues, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases one instance's work item to <paramref name="workerId"/> now, creating the item if the
    /// instance has none (used to act on an idle instance: retry, terminate). Null when another
    /// worker holds an unexpired lease or the instance does not exist.
    /// </summary>
    Task<WorkClaim?> TryClaimInstanceAsync(string instanceId, string workerId, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases <paramref name="workerId"/> holds on <paramref name="instanceIds"/>; returns the ids it no longer holds.</summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(string workerId, IReadOnlyList<string> instanceIds, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases every lease <paramref name="workerId"/> holds, leaving the items due as they were. A worker
    /// calls it at start (a restarted worker with a stable id takes its work back at once instead of
    /// waiting for its old leases to expire) and at graceful shutdown. Returns how many were released.
    /// </summary>
    Task<int> ReleaseLeasesAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>When the earliest unleased work item of <paramref name="queues"/> is due (to sleep until then); null when none.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default);

    // ---- Workers -----------------------------------------------------------------------

    /// <summary>A worker's heartbeat: inserts or refreshes its presence row (queues served, instances running, last seen).</summary>
    Task RecordWorkerAsync(WorkerPresence worker, CancellationToken cancellationToken = default);

    /// <summary>Workers whose last heartbeat is at or after <paramref name="seenSince"/>, by id.</summary>
    Task<IReadOnlyList<WorkerPresence>> ListWorkersAsync(DateTimeOffset seenSince, CancellationToken cancellationToken = default);

    /// <summary>Removes a worker's presence (graceful stop). False when it had none.</summary>
    Task<bool> RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>Per queue: items waiting, the oldest due time, leased items.</summary>
    Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

public sealed record DefinitionSummary(string Id, string? Name, string? Description, int LatestVersion, int? PublishedVersion, DateTimeOffset UpdatedAt);

public sealed record DefinitionVersionInfo(int Version, bool IsPublished, DateTimeOffset CreatedAt);

public sealed record CreateInstanceResult(InstanceRecord Instance, bool Created);

public sealed record InstanceQuery
{
    public InstanceStatus? Status { get; init; }
    public string? DefinitionId { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public string? ParentInstanceId { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>A page of instances (without state: <see cref="InstanceRecord.State"/> is empty) and the total that match.</summary>
public sealed record InstancePage(IReadOnlyList<InstanceRecord> Items, int Total);

public sealed record InboxSignal(long Id, string Name, JsonNode? Payload, DateTimeOffset ReceivedAt);

public enum SignalDelivery
{
    /// <summary>Stored in the inbox.</summary>
    Accepted,

    InstanceNotFound,

    /// <summary>The instance is final; the signal was not stored.</summary>
    InstanceEnded,
}

public sealed record WorkClaim(string InstanceId, string Queue, DateTimeOffset LeaseUntil);

public sealed record QueueInfo(string Queue, int Waiting, int Leased, DateTimeOffset? OldestDueAt);

/// <summary>A worker process as its heartbeat describes it.</summary>
public sealed record WorkerPresence(string WorkerId, IReadOnlyList<string> Queues, string? Host, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, int ActiveInstances);

/// <summary>Thrown by <see cref="IWorkflowStore.CommitAsync"/> when the committer no longer holds the instance's lease.</summary>
public sealed class LeaseLostException(string instanceId)
    : Exception($"The lease on instance '{instanceId}' was lost; another worker owns it now.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>Thrown when a stored document cannot be read back; names the row.</summary>
public sealed class StoreCorruptionException(string message, Exception? inner = null) : Exception(message, inner);
