using Npgsql;

namespace Weft.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // A lease is free when nobody holds it or it ended before now (lease_until < now). SKIP LOCKED passes over
    // items another transaction is claiming or committing, so claimers never wait for each other nor share an item.
    private const string ClaimDue = """
        UPDATE work_queue w SET lease_owner = @worker, lease_until = @until, wake = false
        WHERE w.instance_id IN (
            SELECT instance_id FROM work_queue
            WHERE queue = ANY (@queues)
              AND ready_at <= @now
              AND (lease_owner IS NULL OR lease_until < @now)
            ORDER BY ready_at, instance_id
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        RETURNING w.instance_id, w.queue, w.ready_at, w.lease_until
        """;

    /// <summary>
    /// Creates the item leased, or takes the lease when it is free, expired or already this worker's. One statement,
    /// so two processes racing for an instance without an item cannot both win: the second waits for the first's
    /// insert, then finds the lease taken.
    /// </summary>
    private const string TakeInstanceLease = """
        INSERT INTO work_queue (instance_id, queue, ready_at, lease_owner, lease_until)
        SELECT id, queue, @now, @worker, @until FROM instances WHERE id = @id
        ON CONFLICT (instance_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, wake = false
        WHERE work_queue.lease_owner IS NULL OR work_queue.lease_owner = excluded.lease_owner OR work_queue.lease_until < @now
        RETURNING queue
        """;

    private const string ReleaseLeases = """
        UPDATE work_queue SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @worker RETURNING instance_id, ready_at
        """;

    private const string RenewLeases = """
        UPDATE work_queue SET lease_until = @until WHERE instance_id = ANY (@ids) AND lease_owner = @worker RETURNING instance_id
        """;

    private const string SelectNextDue = """
        SELECT min(CASE WHEN lease_owner IS NULL THEN ready_at ELSE GREATEST(ready_at, lease_until) END)
        FROM work_queue WHERE queue = ANY (@queues)
        """;

    private const string SelectQueues = """
        SELECT queue,
            count(*) FILTER (WHERE (lease_owner IS NULL OR lease_until < @now) AND ready_at <= @now),
            count(*) FILTER (WHERE lease_owner IS NOT NULL AND lease_until >= @now),
            min(ready_at) FILTER (WHERE lease_owner IS NULL OR lease_until < @now)
        FROM work_queue GROUP BY queue ORDER BY queue
        """;

    /// <summary>Oldest due first (ties by instance id); claiming clears the item's "woken since the claim" mark.</summary>
    public Task<IReadOnlyList<WorkClaim>> ClaimWorkAsync(string workerId, IReadOnlyList<string> queues, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentNullException.ThrowIfNull(queues);
        if (max <= 0 || queues.Count == 0)
            return Task.FromResult<IReadOnlyList<WorkClaim>>([]);

        var queueNames = queues.ToArray();
        return WriteAsync<IReadOnlyList<WorkClaim>>(async session =>
        {
            var claimed = new List<(DateTimeOffset ReadyAt, WorkClaim Claim)>();
            await using var batch = session.CreateBatch();
            batch.Add(ClaimDue)
                .WithText("worker", workerId)
                .WithTime("until", now + lease)
                .WithTextArray("queues", queueNames)
                .WithTime("now", now)
                .WithInt("max", max);
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
                claimed.Add((reader.GetTime(2), new WorkClaim(reader.GetString(0), reader.GetString(1), reader.GetTime(3))));

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
        var until = PostgresValues.ToDb(now + lease);
        return WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            batch.Add(TakeInstanceLease)
                .WithText("id", instanceId)
                .WithText("worker", workerId)
                .WithTime("now", now)
                .WithTime("until", until);
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            return await reader.ReadAsync().ConfigureAwait(false) ? new WorkClaim(instanceId, reader.GetString(0), until) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string workerId, IReadOnlyList<string> instanceIds, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        ArgumentNullException.ThrowIfNull(instanceIds);
        if (instanceIds.Count == 0)
            return Task.FromResult<IReadOnlyList<string>>([]);

        var ids = instanceIds.ToArray();
        return WriteAsync<IReadOnlyList<string>>(async session =>
        {
            var renewed = new HashSet<string>(StringComparer.Ordinal);
            await using var batch = session.CreateBatch();
            batch.Add(RenewLeases).WithTextArray("ids", ids).WithText("worker", workerId).WithTime("until", now + lease);
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
                renewed.Add(reader.GetString(0));
            return ids.Where(id => !renewed.Contains(id)).ToList();
        }, cancellationToken);
    }

    /// <summary>Frees every lease <paramref name="workerId"/> holds; due times stay as they were. Items due now are announced.</summary>
    public Task<int> ReleaseLeasesAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        var now = _time.GetUtcNow();
        return WriteAsync(async session =>
        {
            var released = new List<(string InstanceId, DateTimeOffset ReadyAt)>();
            await using (var batch = session.CreateBatch())
            {
                batch.Add(ReleaseLeases).WithText("worker", workerId);
                await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                    released.Add((reader.GetString(0), reader.GetTime(1)));
            }

            var due = released.Where(r => r.ReadyAt <= now).ToList();
            if (due.Count > 0)
            {
                await using var notify = session.CreateBatch();
                foreach (var (instanceId, _) in due)
                    Notifications.AddWorkDue(notify, _channels.Work, instanceId, now);
                await notify.RunAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return released.Count;
        }, cancellationToken);
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

        var queueNames = queues.ToArray();
        return ReadAsync(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(SelectNextDue).WithTextArray("queues", queueNames);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return reader.GetTimeOrNull(0);
        }, cancellationToken);
    }

    /// <summary>
    /// Per queue holding items: <see cref="QueueInfo.Waiting"/> counts items due now that no live lease holds
    /// (work a worker could take right now); <see cref="QueueInfo.Leased"/> items under a live lease;
    /// <see cref="QueueInfo.OldestDueAt"/> the earliest due time among items no live lease holds (may be in
    /// the future: a timer). Ordered by queue name.
    /// </summary>
    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<QueueInfo>>(async (connection, ct) =>
        {
            var queues = new List<QueueInfo>();
            await using var batch = connection.CreateBatch();
            batch.Add(SelectQueues).WithTime("now", now);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                queues.Add(new QueueInfo(reader.GetString(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), reader.GetTimeOrNull(3)));
            return queues;
        }, cancellationToken);
}
