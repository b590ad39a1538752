namespace Weft.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string UpsertWorker = """
        INSERT INTO workers (id, queues, host, started_at, last_seen, active)
        VALUES (@id, @queues, @host, @started_at, @last_seen, @active)
        ON CONFLICT (id) DO UPDATE SET queues = excluded.queues, host = excluded.host,
            last_seen = excluded.last_seen, active = excluded.active
        """;

    private const string SelectWorkers = """
        SELECT id, queues, host, started_at, last_seen, active FROM workers WHERE last_seen >= @since ORDER BY id
        """;

    private const string DeleteWorker = "DELETE FROM workers WHERE id = @id";

    public Task RecordWorkerAsync(WorkerPresence worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentException.ThrowIfNullOrEmpty(worker.WorkerId);
        var queues = worker.Queues.ToArray();
        return WriteStatementsAsync(batch => batch.Add(UpsertWorker)
            .WithText("id", worker.WorkerId)
            .WithTextArray("queues", queues)
            .WithText("host", worker.Host)
            .WithTime("started_at", worker.StartedAt)
            .WithTime("last_seen", worker.LastSeenAt)
            .WithInt("active", worker.ActiveInstances), describe: null, cancellationToken);
    }

    public Task<IReadOnlyList<WorkerPresence>> ListWorkersAsync(DateTimeOffset seenSince, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<WorkerPresence>>(async (connection, ct) =>
        {
            var workers = new List<WorkerPresence>();
            await using var batch = connection.CreateBatch();
            batch.Add(SelectWorkers).WithTime("since", seenSince);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                workers.Add(new WorkerPresence(
                    reader.GetString(0),
                    reader.GetFieldValue<string[]>(1),
                    reader.GetStringOrNull(2),
                    reader.GetTime(3),
                    reader.GetTime(4),
                    reader.GetInt32(5)));
            }

            return workers;
        }, cancellationToken);

    public Task<bool> RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            var delete = batch.Add(DeleteWorker).WithText("id", workerId);
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return delete.RecordsAffected > 0;
        }, cancellationToken);
    }
}
