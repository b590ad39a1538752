using Npgsql;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// Applies one <see cref="InstanceCommit"/> inside the writer's transaction, fenced by the lease, in two round trips:
/// lock and check, then every change in one batch.
/// </summary>
internal static class CommitWriter
{
    // Locks in the order every writer takes them: the instance row, then its work item.
    private const string LockInstance = "SELECT cancel_request FROM instances WHERE id = @id FOR UPDATE";

    private const string LockWorkItem = "SELECT lease_owner FROM work_queue WHERE instance_id = @id FOR UPDATE";

    private const string UpdateInstance = """
        UPDATE instances SET definition_version = @definition_version, status = @status, queue = @queue,
            cancel_request = @cancel_request, updated_at = @updated_at, completed_at = @completed_at, state = @state
        WHERE id = @id
        """;

    /// <summary>A signal the committing worker may not have seen: delivered since its claim and still unconsumed.</summary>
    private const string SignalArrived =
        "(w.wake AND EXISTS (SELECT 1 FROM signals s WHERE s.instance_id = w.instance_id AND s.consumed_at IS NULL))";

    /// <summary>When the item must be due again at once: known (true, false) in C#, or decided by <see cref="SignalArrived"/>.</summary>
    private enum Wake
    {
        No,
        Yes,
        IfSignalArrived,
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
        Wake.Yes => "true",
        Wake.No => "false",
        _ => SignalArrived,
    };

    /// <summary>A commit with its JSON serialized on the caller's thread, so the writer only runs SQL.</summary>
    public sealed record Prepared(
        InstanceCommit Commit,
        string State,
        IReadOnlyList<JournalRows.Prepared> Journal,
        IReadOnlyList<EventRows.Prepared> Events,
        IReadOnlyList<(OutgoingSignal Signal, string? Payload)> Signals,
        DateTimeOffset Now);

    /// <param name="commit">The commit.</param>
    /// <param name="now">The store's clock: a work item due by then is announced on the work channel.</param>
    public static Prepared Prepare(InstanceCommit commit, DateTimeOffset now) => new(
        commit,
        PostgresValues.ToJson(commit.Instance.State),
        commit.Journal.Select(JournalRows.Prepare).ToList(),
        commit.Events.Select(EventRows.Prepare).ToList(),
        commit.Signals.Select(s => (s, PostgresValues.ToJson(s.Payload))).ToList(),
        now > commit.Instance.UpdatedAt ? now : commit.Instance.UpdatedAt);

    public static async Task ApplyAsync(PostgresWriteSession session, Prepared prepared, PostgresChannels channels)
    {
        var commit = prepared.Commit;
        var instance = commit.Instance;
        var storedCancel = await CheckLeaseAsync(session, instance.Id, commit.LeaseOwner).ConfigureAwait(false);

        // A request that arrived after the worker loaded the instance is not in its copy: a commit may
        // strengthen the request but only clears it when the instance ends for good.
        var cancel = PostgresValues.IsEndedForGood(instance.Status)
            ? instance.CancelRequest
            : PostgresValues.Strongest(storedCancel, instance.CancelRequest);

        await using var batch = session.CreateBatch();
        batch.Add(UpdateInstance)
            .WithText("id", instance.Id)
            .WithInt("definition_version", instance.DefinitionVersion)
            .WithText("status", instance.Status.ToString())
            .WithText("queue", instance.Queue)
            .WithText("cancel_request", PostgresValues.ToDb(cancel))
            .WithTime("updated_at", instance.UpdatedAt)
            .WithTime("completed_at", instance.CompletedAt)
            .WithJson("state", prepared.State);

        foreach (var row in prepared.Journal)
            JournalRows.AddWrite(batch, row);
        foreach (var row in prepared.Events)
            EventRows.AddWrite(batch, row);
        foreach (var signalId in commit.ConsumedSignals)
        {
            batch.Add(InboxRows.Consume)
                .WithLong("id", signalId)
                .WithText("instance_id", instance.Id)
                .WithTime("now", instance.UpdatedAt);
        }

        foreach (var (signal, payload) in prepared.Signals)
            InboxRows.AddDelivery(batch, signal.InstanceId, signal.Name, payload, instance.UpdatedAt, channels.Work);

        AddWorkPlan(batch, commit, cancel, prepared.Now, channels.Work);
        foreach (var payload in EventRows.Notifications(prepared.Events))
            Notifications.Add(batch, channels.Events, payload);

        await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Locks the instance and its work item; returns the stored cancel request; throws when <paramref name="leaseOwner"/> does not hold the item.</summary>
    private static async Task<CancelRequest> CheckLeaseAsync(PostgresWriteSession session, string instanceId, string leaseOwner)
    {
        await using var batch = session.CreateBatch();
        batch.Add(LockInstance).WithText("id", instanceId);
        batch.Add(LockWorkItem).WithText("id", instanceId);
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);

        var exists = await reader.ReadAsync().ConfigureAwait(false);
        var storedCancel = exists ? reader.ReadCancelRequest(0, InstanceRows.Table, instanceId) : CancelRequest.None;
        await reader.NextResultAsync().ConfigureAwait(false);
        var owner = await reader.ReadAsync().ConfigureAwait(false) ? reader.GetStringOrNull(0) : null;
        await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);

        if (!exists || owner != leaseOwner)
            throw new LeaseLostException(instanceId);
        return storedCancel;
    }

    private static void AddWorkPlan(NpgsqlBatch batch, InstanceCommit commit, CancelRequest cancel, DateTimeOffset now, string workChannel)
    {
        if (commit.Work == WorkPlan.KeepLease)
            return;

        var instance = commit.Instance;
        var wake = MustWakeAgain(instance, cancel);
        if (commit.Work == WorkPlan.ReadyAt)
        {
            batch.Add(RescheduleSql[wake])
                .WithText("id", instance.Id)
                .WithText("queue", instance.Queue)
                .WithTime("ready_at", commit.ReadyAt ?? instance.UpdatedAt);
        }
        else
        {
            batch.Add(RemoveSql[wake]).WithText("id", instance.Id);
            if (wake != Wake.No)
            {
                batch.Add(ReleaseDueNow)
                    .WithText("id", instance.Id)
                    .WithText("queue", instance.Queue)
                    .WithTime("ready_at", instance.UpdatedAt);
            }
        }

        Notifications.AddWorkDue(batch, workChannel, instance.Id, now);
    }

    /// <summary>
    /// Whether something arrived that the committing worker may not have seen: a cancel request (until the instance
    /// ends for good), or an unconsumed signal delivered since the claim (while not final) — that one only SQL can tell,
    /// after this commit's consumed signals are marked.
    /// </summary>
    private static Wake MustWakeAgain(InstanceRecord instance, CancelRequest cancel)
    {
        if (PostgresValues.IsEndedForGood(instance.Status))
            return Wake.No;
        if (cancel != CancelRequest.None)
            return Wake.Yes;
        if (instance.Status.IsFinal())
            return Wake.No;
        return Wake.IfSignalArrived;
    }
}
