using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Applies one <see cref="InstanceCommit"/> inside the writer's transaction, fenced by the lease.</summary>
internal static class CommitWriter
{
    private const string SelectFence = """
        SELECT i.cancel_request, w.lease_owner
        FROM instances i LEFT JOIN work_queue w ON w.instance_id = i.id
        WHERE i.id = @id
        """;

    private const string UpdateInstance = """
        UPDATE instances SET definition_version = @definition_version, status = @status, queue = @queue,
            cancel_request = @cancel_request, updated_at = @updated_at, completed_at = @completed_at, state = @state
        WHERE id = @id
        """;

    private const string SelectWake = """
        SELECT w.wake, EXISTS (SELECT 1 FROM signals s WHERE s.instance_id = w.instance_id AND s.consumed_at IS NULL)
        FROM work_queue w WHERE w.instance_id = @id
        """;

    private const string Reschedule = """
        UPDATE work_queue SET queue = @queue, ready_at = @ready_at, lease_owner = NULL, lease_until = NULL
        WHERE instance_id = @id
        """;

    private const string RescheduleNoLaterThan = """
        UPDATE work_queue SET queue = @queue, ready_at = min(ready_at, @ready_at), lease_owner = NULL, lease_until = NULL
        WHERE instance_id = @id
        """;

    private const string Delete = "DELETE FROM work_queue WHERE instance_id = @id";

    /// <summary>A commit with its JSON serialized on the caller's thread, so the writer only runs SQL.</summary>
    public sealed record Prepared(
        InstanceCommit Commit,
        string State,
        IReadOnlyList<PreparedJournalRow> Journal,
        IReadOnlyList<PreparedEvent> Events,
        IReadOnlyList<(OutgoingSignal Signal, string? Payload)> Signals);

    public static Prepared Prepare(InstanceCommit commit) => new(
        commit,
        StoredValues.ToJson(commit.Instance.State),
        commit.Journal.Select(PreparedJournalRow.From).ToList(),
        commit.Events.Select(PreparedEvent.From).ToList(),
        commit.Signals.Select(s => (s, StoredValues.ToJson(s.Payload))).ToList());

    public static void Apply(SqliteSession session, Prepared prepared)
    {
        var commit = prepared.Commit;
        var instance = commit.Instance;
        var storedCancel = CheckLease(session, instance.Id, commit.LeaseOwner);

        // A request that arrived after the worker loaded the instance is not in its copy: a commit may
        // strengthen the request but only clears it when the instance ends for good.
        var cancel = InstanceRows.IsEndedForGood(instance.Status)
            ? instance.CancelRequest
            : InstanceRows.Strongest(storedCancel, instance.CancelRequest);

        session.Command(UpdateInstance)
            .With("@id", instance.Id)
            .With("@definition_version", instance.DefinitionVersion)
            .With("@status", instance.Status.ToString())
            .With("@queue", instance.Queue)
            .With("@cancel_request", InstanceRows.ToDb(cancel))
            .With("@updated_at", SqliteValues.ToDb(instance.UpdatedAt))
            .With("@completed_at", SqliteValues.ToDb(instance.CompletedAt))
            .With("@state", prepared.State)
            .ExecuteNonQuery();

        JournalRows.WriteAll(session, prepared.Journal);
        EventRows.WriteAll(session, prepared.Events);
        foreach (var signalId in commit.ConsumedSignals)
        {
            session.Command(InboxRows.Consume)
                .With("@id", signalId)
                .With("@instance_id", instance.Id)
                .With("@now", SqliteValues.ToDb(instance.UpdatedAt))
                .ExecuteNonQuery();
        }

        foreach (var (signal, payload) in prepared.Signals)
            InboxRows.Deliver(session, signal.InstanceId, signal.Name, payload, instance.UpdatedAt);

        ApplyWorkPlan(session, commit, cancel);
    }

    /// <summary>Returns the stored cancel request; throws when <paramref name="leaseOwner"/> does not hold the work item.</summary>
    private static CancelRequest CheckLease(SqliteSession session, string instanceId, string leaseOwner)
    {
        using var reader = session.Command(SelectFence).With("@id", instanceId).ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(1) || reader.GetString(1) != leaseOwner)
            throw new LeaseLostException(instanceId);
        return reader.IsDBNull(0) ? CancelRequest.None : reader.ReadEnum<CancelRequest>(0, InstanceRows.Table, instanceId);
    }

    private static void ApplyWorkPlan(SqliteSession session, InstanceCommit commit, CancelRequest cancel)
    {
        if (commit.Work == WorkPlan.KeepLease)
            return;

        var instance = commit.Instance;
        var now = instance.UpdatedAt;
        var wakeNow = MustWakeAgain(session, instance, cancel);
        if (commit.Work == WorkPlan.ReadyAt)
        {
            session.Command(wakeNow ? RescheduleNoLaterThan : Reschedule)
                .With("@id", instance.Id)
                .With("@queue", instance.Queue)
                .With("@ready_at", SqliteValues.ToDb(commit.ReadyAt ?? now))
                .ExecuteNonQuery();
        }
        else if (wakeNow)
        {
            session.Command(RescheduleNoLaterThan)
                .With("@id", instance.Id)
                .With("@queue", instance.Queue)
                .With("@ready_at", SqliteValues.ToDb(now))
                .ExecuteNonQuery();
        }
        else
        {
            session.Command(Delete).With("@id", instance.Id).ExecuteNonQuery();
        }
    }

    /// <summary>
    /// True when something arrived that the committing worker may not have seen: a cancel request (until
    /// the instance ends for good), or an unconsumed signal delivered since the claim (while not final).
    /// </summary>
    private static bool MustWakeAgain(SqliteSession session, InstanceRecord instance, CancelRequest cancel)
    {
        if (InstanceRows.IsEndedForGood(instance.Status))
            return false;
        if (cancel != CancelRequest.None)
            return true;
        if (instance.Status.IsFinal())
            return false;

        using var reader = session.Command(SelectWake).With("@id", instance.Id).ExecuteReader();
        return reader.Read() && reader.GetInt64(0) != 0 && reader.GetInt64(1) != 0;
    }
}
