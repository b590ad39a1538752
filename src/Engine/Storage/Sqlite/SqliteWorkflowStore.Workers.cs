using System.Text.Json;

namespace Weft.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
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
        var queues = JsonSerializer.Serialize(worker.Queues);
        return WriteAsync(session => session.Command(UpsertWorker)
            .With("@id", worker.WorkerId)
            .With("@queues", queues)
            .With("@host", worker.Host)
            .With("@started_at", SqliteValues.ToDb(worker.StartedAt))
            .With("@last_seen", SqliteValues.ToDb(worker.LastSeenAt))
            .With("@active", worker.ActiveInstances)
            .ExecuteNonQuery(), cancellationToken);
    }

    public Task<IReadOnlyList<WorkerPresence>> ListWorkersAsync(DateTimeOffset seenSince, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<WorkerPresence>>(session =>
        {
            var workers = new List<WorkerPresence>();
            using var reader = session.Command(SelectWorkers).With("@since", SqliteValues.ToDb(seenSince)).ExecuteReader();
            while (reader.Read())
            {
                var queues = JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [];
                workers.Add(new WorkerPresence(reader.GetString(0), queues, reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetTime(3), reader.GetTime(4), reader.GetInt32(5)));
            }
            return workers;
        }, cancellationToken);

    public Task<bool> RemoveWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return WriteAsync(session => session.Command(DeleteWorker).With("@id", workerId).ExecuteNonQuery() > 0, cancellationToken);
    }
}
