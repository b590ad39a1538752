namespace Weft.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // A lease is free when nobody holds it or it ended before now (lease_until < now).
    private const string ClaimDue = """
        UPDATE work_queue SET lease_owner = @worker, lease_until = @until, wake = 0
        WHERE instance_id IN (
            SELECT instance_id FROM work_queue
            WHERE queue IN (SELECT value FROM json_each(@queues))
              AND ready_at <= @now
              AND (lease_owner IS NULL OR lease_until < @now)
            ORDER BY ready_at, instance_id
            LIMIT @max)
        RETURNING instance_id, queue, ready_at, lease_until
        """;

    private const string SelectInstanceQueue = "SELECT queue FROM instances WHERE id = @id";

    private const string SelectLease = "SELECT lease_owner, lease_until FROM work_queue WHERE instance_id = @id";

    private const string UpsertLease = """
        INSERT INTO work_queue (instance_id, queue, ready_at, lease_owner, lease_until)
        VALUES (@id, @queue, @now, @worker, @until)
        ON CONFLICT (instance_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, wake = 0
        RETURNING queue
        """;

    private const string ReleaseLeases = "UPDATE work_queue SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @worker";

    private const string RenewLease = "UPDATE work_queue SET lease_until = @until WHERE instance_id = @id AND lease_owner = @worker";

    private const string SelectNextDue = """
        SELECT min(CASE WHEN lease_owner IS NULL THEN ready_at ELSE max(ready_at, lease_until) END)
        FROM work_queue WHERE queue IN (SELECT value FROM json_each(@queues))
        """;

    private const string SelectQueues = """
        SELECT queue,
            sum(CASE WHEN (lease_owner IS NULL OR lease_until < @now) AND ready_at <= @now THEN 1 ELSE 0 END),
            sum(CASE WHEN lease_owner IS NOT NULL AND lease_until >= @now THEN 1 ELSE 0 END),
            min(CASE WHEN lease_owner IS NULL OR lease_until < @now THEN ready_at END)
        FROM work_queue GROUP BY queue ORDER BY queue
        """;

    /// <summary>Oldest due first (ties by instance id); claiming clears the item's "woken since the claim" mark.</summary>
    public Task<IReadOnlyList<WorkClaim>> ClaimWorkAsync(string workerId, IReadOnlyList<string> queues, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentNullException.ThrowIfNull(queues);
        if (max <= 0 || queues.Count == 0)
            return Task.FromResult<IReadOnlyList<WorkClaim>>([]);

        var queuesJson = QueuesJson(queues);
        return WriteAsync<IReadOnlyList<WorkClaim>>(session =>
        {
            var claimed = new List<(long ReadyAt, WorkClaim Claim)>();
            using var reader = session.Command(ClaimDue)
                .With("@worker", workerId)
                .With("@until", SqliteValues.ToDb(now + lease))
                .With("@queues", queuesJson)
                .With("@now", SqliteValues.ToDb(now))
                .With("@max", max)
                .ExecuteReader();
            while (reader.Read())
                claimed.Add((reader.GetInt64(2), new WorkClaim(reader.GetString(0), reader.GetString(1), reader.GetTime(3))));

            // RETURNING gives no order guarantee.
            return claimed
                .OrderBy(c => c.ReadyAt)
                .ThenBy(c => c.Claim.InstanceId, StringComparer.Ordinal)
                .Select(c => c.Claim)
                .ToList();
        }, cancellationToken);
    }

    /// <summary>The worker that already holds the lease gets it again (extended); an item that is not due yet is leased as it is.</summary>
    public Task<WorkClaim?> TryClaimInstanceAsync(string instanceId, string workerId, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return WriteAsync(session =>
        {
            if (session.Command(SelectInstanceQueue).With("@id", instanceId).ExecuteScalar() is not string instanceQueue)
                return null;

            using (var reader = session.Command(SelectLease).With("@id", instanceId).ExecuteReader())
            {
                if (reader.Read() && !reader.IsDBNull(0) && reader.GetString(0) != workerId && reader.GetTime(1) >= now)
                    return null;
            }

            var until = now + lease;
            var queue = (string)session.Command(UpsertLease)
                .With("@id", instanceId)
                .With("@queue", instanceQueue)
                .With("@now", SqliteValues.ToDb(now))
                .With("@worker", workerId)
                .With("@until", SqliteValues.ToDb(until))
                .ExecuteScalar()!;
            return new WorkClaim(instanceId, queue, DateTimeOffset.FromUnixTimeMilliseconds(SqliteValues.ToDb(until)));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string workerId, IReadOnlyList<string> instanceIds, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentNullException.ThrowIfNull(instanceIds);
        if (instanceIds.Count == 0)
            return Task.FromResult<IReadOnlyList<string>>([]);

        var until = SqliteValues.ToDb(now + lease);
        var ids = instanceIds.ToArray();
        return WriteAsync<IReadOnlyList<string>>(session =>
        {
            var lost = new List<string>();
            foreach (var id in ids)
            {
                var renewed = session.Command(RenewLease).With("@id", id).With("@worker", workerId).With("@until", until).ExecuteNonQuery();
                if (renewed == 0)
                    lost.Add(id);
            }

            return lost;
        }, cancellationToken);
    }

    /// <summary>Frees every lease <paramref name="workerId"/> holds; due times stay as they were.</summary>
    public Task<int> ReleaseLeasesAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return WriteAsync(session => session.Command(ReleaseLeases).With("@worker", workerId).ExecuteNonQuery(), cancellationToken);
    }

    /// <summary>
    /// The earliest time a claim on <paramref name="queues"/> can succeed: an unleased item's due time, or a
    /// leased item's lease end (when it can be taken over if its worker stops renewing). Null when no items.
    /// </summary>
    public Task<DateTimeOffset?> GetNextDueAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (queues.Count == 0)
            return Task.FromResult<DateTimeOffset?>(null);

        var queuesJson = QueuesJson(queues);
        return ReadAsync(session =>
        {
            var value = session.Command(SelectNextDue).With("@queues", queuesJson).ExecuteScalar();
            return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        }, cancellationToken);
    }

    /// <summary>
    /// Per queue holding items: <see cref="QueueInfo.Waiting"/> counts items due now that no live lease holds
    /// (work a worker could take right now); <see cref="QueueInfo.Leased"/> items under a live lease;
    /// <see cref="QueueInfo.OldestDueAt"/> the earliest due time among items no live lease holds (may be in
    /// the future: a timer). Ordered by queue name.
    /// </summary>
    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<QueueInfo>>(session =>
        {
            var queues = new List<QueueInfo>();
            using var reader = session.Command(SelectQueues).With("@now", SqliteValues.ToDb(now)).ExecuteReader();
            while (reader.Read())
                queues.Add(new QueueInfo(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetTimeOrNull(3)));
            return queues;
        }, cancellationToken);
}
