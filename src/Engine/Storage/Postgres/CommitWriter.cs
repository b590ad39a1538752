using Npgsql;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// Turns one <see cref="InstanceCommit"/> into statements that need no answer before the next is sent: the lease
/// check raises an error (<see cref="FenceSqlState"/>) instead of returning a row to look at. So a commit costs no
/// round trip of its own, and the writer sends many commits in one batch.
/// </summary>
internal static class CommitWriter
{
    /// <summary>The SQLSTATE <c>weft_fence</c> raises when the committing worker no longer holds the lease.</summary>
    public const string FenceSqlState = "WL001";

    /// <summary>
    /// Updating the instance first locks its row, before the fence locks the work item: the order every writer
    /// takes them in. The stored cancel request is merged in SQL: a request that arrived after the worker loaded the
    /// instance is not in its copy, so a commit may strengthen the request but only clears it when the instance ends
    /// for good (<see cref="UpdateEndedInstance"/>).
    /// </summary>
    private const string UpdateInstance = """
        UPDATE instances SET definition_version = @definition_version, status = @status, queue = @queue,
            cancel_request = CASE
                WHEN cancel_request = 'Terminate' OR @cancel_request = 'Terminate' THEN 'Terminate'
                WHEN cancel_request = 'Cancel' OR @cancel_request = 'Cancel' THEN 'Cancel'
            END,
            updated_at = @updated_at, completed_at = @completed_at, state = @state
        WHERE id = @id
        """;

    private const string UpdateEndedInstance = """
        UPDATE instances SET definition_version = @definition_version, status = @status, queue = @queue,
            cancel_request = @cancel_request, updated_at = @updated_at, completed_at = @completed_at, state = @state
        WHERE id = @id
        """;

    private const string Fence = "SELECT weft_fence(@id, @lease_owner)";

    /// <summary>A cancel request is recorded on the instance (after this commit's update).</summary>
    private const string CancelRequested =
        "EXISTS (SELECT 1 FROM instances i WHERE i.id = w.instance_id AND i.cancel_request IS NOT NULL)";

    /// <summary>A signal the committing worker may not have seen: delivered since its claim, still unconsumed after this commit.</summary>
    private const string SignalArrived =
        "(w.wake AND EXISTS (SELECT 1 FROM signals s WHERE s.instance_id = w.instance_id AND s.consumed_at IS NULL))";

    /// <summary>When the work item must be due again at once instead of as planned.</summary>
    private enum Wake
    {
        /// <summary>Ended for good: nothing can wake it.</summary>
        Never,

        /// <summary>Faulted: a cancel request still needs a worker to end it; signals wait for a retry.</summary>
        IfCancelRequested,

        /// <summary>Not final: a cancel request, or a signal that arrived meanwhile.</summary>
        IfCancelRequestedOrSignalArrived,
    }

    private static readonly Dictionary<Wake, string> RescheduleSql = Enum.GetValues<Wake>().ToDictionary(w => w, w => $"""
        UPDATE work_queue w SET queue = @queue,
            ready_at = CASE WHEN {Condition(w)} THEN LEAST(w.ready_at, @ready_at) ELSE @ready_at END,
            lease_owner = NULL, lease_until = NULL
        WHERE w.instance_id = @id
        """);

    /// <summary>Remove: delete the item unless it must wake; what is left (if anything) is released and due now.</summary>
    private static readonly Dictionary<Wake, string> RemoveSql = Enum.GetValues<Wake>().ToDictionary(w => w, w => $"""
        DELETE FROM work_queue w WHERE w.instance_id = @id AND NOT {Condition(w)}
        """);

    private const string ReleaseDueNow = """
        UPDATE work_queue w SET queue = @queue, ready_at = LEAST(w.ready_at, @ready_at), lease_owner = NULL, lease_until = NULL
        WHERE w.instance_id = @id
        """;

    private static string Condition(Wake wake) => wake switch
    {
        Wake.Never => "false",
        Wake.IfCancelRequested => CancelRequested,
        _ => $"({CancelRequested} OR {SignalArrived})",
    };

    /// <summary>
    /// A commit as it was when handed to the store, its JSON serialized on the caller's thread: the writer sends it
    /// later (and again after a deadlock), while the runtime may go on changing its <see cref="InstanceRecord"/>.
    /// </summary>
    public sealed record Prepared(
        string InstanceId,
        int DefinitionVersion,
        InstanceStatus Status,
        string Queue,
        CancelRequest CancelRequest,
        DateTimeOffset UpdatedAt,
        DateTimeOffset? CompletedAt,
        string State,
        string LeaseOwner,
        WorkPlan Work,
        DateTimeOffset? ReadyAt,
        IReadOnlyList<long> ConsumedSignals,
        IReadOnlyList<PreparedJournalRow> Journal,
        IReadOnlyList<PreparedEvent> Events,
        IReadOnlyList<(OutgoingSignal Signal, string? Payload)> Signals,
        DateTimeOffset Now);

    /// <param name="commit">The commit.</param>
    /// <param name="now">The store's clock: a work item due by then is announced on the work channel.</param>
    public static Prepared Prepare(InstanceCommit commit, DateTimeOffset now)
    {
        var instance = commit.Instance;
        return new Prepared(
            instance.Id,
            instance.DefinitionVersion,
            instance.Status,
            instance.Queue,
            instance.CancelRequest,
            instance.UpdatedAt,
            instance.CompletedAt,
            StoredValues.ToJson(instance.State),
            commit.LeaseOwner,
            commit.Work,
            commit.ReadyAt,
            commit.ConsumedSignals.ToArray(),
            commit.Journal.Select(PreparedJournalRow.From).ToList(),
            commit.Events.Select(PreparedEvent.From).ToList(),
            commit.Signals.Select(s => (s, StoredValues.ToJson(s.Payload))).ToList(),
            now > instance.UpdatedAt ? now : instance.UpdatedAt);
    }

    public static void AddStatements(NpgsqlBatch batch, Prepared commit, PostgresChannels channels)
    {
        batch.Add(PostgresValues.IsEndedForGood(commit.Status) ? UpdateEndedInstance : UpdateInstance)
            .WithText("id", commit.InstanceId)
            .WithInt("definition_version", commit.DefinitionVersion)
            .WithText("status", commit.Status.ToString())
            .WithText("queue", commit.Queue)
            .WithText("cancel_request", PostgresValues.ToDb(commit.CancelRequest))
            .WithTime("updated_at", commit.UpdatedAt)
            .WithTime("completed_at", commit.CompletedAt)
            .WithJson("state", commit.State);
        batch.Add(Fence).WithText("id", commit.InstanceId).WithText("lease_owner", commit.LeaseOwner);

        JournalRows.AddWrites(batch, commit.Journal);
        EventRows.AddWrites(batch, commit.Events);
        foreach (var signalId in commit.ConsumedSignals)
        {
            batch.Add(InboxRows.Consume)
                .WithLong("id", signalId)
                .WithText("instance_id", commit.InstanceId)
                .WithTime("now", commit.UpdatedAt);
        }

        foreach (var (signal, payload) in commit.Signals)
            InboxRows.AddDelivery(batch, signal.InstanceId, signal.Name, payload, commit.UpdatedAt, channels.Work);

        AddWorkPlan(batch, commit, channels.Work);
        foreach (var payload in EventRows.Notifications(commit.Events))
            Notifications.Add(batch, channels.Events, payload);
    }

    /// <summary>The fence's error becomes <see cref="LeaseLostException"/>; anything else stays as it is.</summary>
    public static Exception? Describe(PostgresException error, string instanceId) =>
        error.SqlState == FenceSqlState ? new LeaseLostException(instanceId) : null;

    private static void AddWorkPlan(NpgsqlBatch batch, Prepared commit, string workChannel)
    {
        if (commit.Work == WorkPlan.KeepLease)
            return;

        var wake = WakeFor(commit.Status);
        if (commit.Work == WorkPlan.ReadyAt)
        {
            batch.Add(RescheduleSql[wake])
                .WithText("id", commit.InstanceId)
                .WithText("queue", commit.Queue)
                .WithTime("ready_at", commit.ReadyAt ?? commit.UpdatedAt);
        }
        else
        {
            batch.Add(RemoveSql[wake]).WithText("id", commit.InstanceId);
            if (wake != Wake.Never)
            {
                batch.Add(ReleaseDueNow)
                    .WithText("id", commit.InstanceId)
                    .WithText("queue", commit.Queue)
                    .WithTime("ready_at", commit.UpdatedAt);
            }
        }

        Notifications.AddWorkDue(batch, workChannel, commit.InstanceId, commit.Now);
    }

    private static Wake WakeFor(InstanceStatus status) =>
        PostgresValues.IsEndedForGood(status) ? Wake.Never
        : status.IsFinal() ? Wake.IfCancelRequested
        : Wake.IfCancelRequestedOrSignalArrived;
}
