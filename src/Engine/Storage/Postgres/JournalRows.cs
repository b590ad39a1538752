using Npgsql;
using NpgsqlTypes;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Reading and writing rows of the <c>journal</c> table.</summary>
internal static class JournalRows
{
    public const string Table = "journal";

    /// <summary>Insert the attempt, or update it when its id exists (the end of an attempt whose start was written); seq is kept.</summary>
    private const string Upsert = """
        INSERT INTO journal (id, instance_id, definition_id, scope, node_id, activity_type, attempt, status, port,
            inputs, output, error, started_at, ended_at)
        VALUES (@id, @instance_id, (SELECT definition_id FROM instances WHERE id = @instance_id), @scope, @node_id,
            @activity_type, @attempt, @status, @port, @inputs, @output, @error, @started_at, @ended_at)
        ON CONFLICT (id) DO UPDATE SET
            scope = excluded.scope, node_id = excluded.node_id, activity_type = excluded.activity_type,
            attempt = excluded.attempt, status = excluded.status, port = excluded.port, inputs = coalesce(excluded.inputs, journal.inputs),
            output = excluded.output, error = excluded.error, started_at = excluded.started_at, ended_at = excluded.ended_at
        """;

    /// <summary>
    /// Several rows of one instance in one statement (a commit of a chain of inline nodes writes many): the instance's
    /// definition id is looked up once (a subquery on the parameter, not a join the planner might scan for), and rows
    /// get their seq in the order given.
    /// </summary>
    private const string UpsertMany = """
        INSERT INTO journal (id, instance_id, definition_id, scope, node_id, activity_type, attempt, status, port,
            inputs, output, error, started_at, ended_at)
        SELECT u.id, @instance_id, (SELECT definition_id FROM instances WHERE id = @instance_id), u.scope, u.node_id,
            u.activity_type, u.attempt, u.status, u.port, u.inputs, u.output, u.error, u.started_at, u.ended_at
        FROM unnest(@ids, @scopes, @node_ids, @activity_types, @attempts, @statuses, @ports,
                @inputs, @outputs, @errors, @started_ats, @ended_ats) WITH ORDINALITY
            AS u(id, scope, node_id, activity_type, attempt, status, port, inputs, output, error,
                started_at, ended_at, ord)
        ORDER BY u.ord
        ON CONFLICT (id) DO UPDATE SET
            scope = excluded.scope, node_id = excluded.node_id, activity_type = excluded.activity_type,
            attempt = excluded.attempt, status = excluded.status, port = excluded.port, inputs = coalesce(excluded.inputs, journal.inputs),
            output = excluded.output, error = excluded.error, started_at = excluded.started_at, ended_at = excluded.ended_at
        """;

    public const string SelectByInstance = """
        SELECT seq, id, instance_id, scope, node_id, activity_type, attempt, status, port, inputs, output, error,
            started_at, ended_at
        FROM journal WHERE instance_id = @instance_id ORDER BY seq
        """;

    /// <summary>One statement per row, in order: a later row with the same id updates the earlier one, as in SQLite.</summary>
    public static void AddWrite(NpgsqlBatch batch, PreparedJournalRow row) =>
        batch.Add(Upsert)
            .WithText("id", row.Id)
            .WithText("instance_id", row.InstanceId)
            .WithText("scope", row.Scope)
            .WithText("node_id", row.NodeId)
            .WithText("activity_type", row.ActivityType)
            .WithInt("attempt", row.Attempt)
            .WithText("status", row.Status.ToString())
            .WithText("port", row.Port)
            .WithJson("inputs", row.Inputs)
            .WithJson("output", row.Output)
            .WithJson("error", row.Error)
            .WithTime("started_at", row.StartedAt)
            .WithTime("ended_at", row.EndedAt);

    /// <summary>
    /// Adds the rows as one statement when they can share it (one instance's rows, each id once: one upsert may not
    /// touch the same row twice); otherwise one statement each, in order, a later row updating an earlier one.
    /// </summary>
    public static void AddWrites(NpgsqlBatch batch, IReadOnlyList<PreparedJournalRow> rows)
    {
        if (rows.Count < 2
            || rows.DistinctBy(r => r.Id, StringComparer.Ordinal).Count() != rows.Count
            || rows.Any(r => !string.Equals(r.InstanceId, rows[0].InstanceId, StringComparison.Ordinal)))
        {
            foreach (var row in rows)
                AddWrite(batch, row);
            return;
        }

        var command = batch.Add(UpsertMany);
        command.WithArray("ids", NpgsqlDbType.Text, rows.Select(r => r.Id).ToArray());
        command.WithText("instance_id", rows[0].InstanceId);
        command.WithArray("scopes", NpgsqlDbType.Text, rows.Select(r => r.Scope).ToArray());
        command.WithArray("node_ids", NpgsqlDbType.Text, rows.Select(r => r.NodeId).ToArray());
        command.WithArray("activity_types", NpgsqlDbType.Text, rows.Select(r => r.ActivityType).ToArray());
        command.WithArray("attempts", NpgsqlDbType.Integer, rows.Select(r => r.Attempt).ToArray());
        command.WithArray("statuses", NpgsqlDbType.Text, rows.Select(r => r.Status.ToString()).ToArray());
        command.WithArray("ports", NpgsqlDbType.Text, rows.Select(r => r.Port).ToArray());
        command.WithArray("inputs", NpgsqlDbType.Json, rows.Select(r => r.Inputs).ToArray());
        command.WithArray("outputs", NpgsqlDbType.Json, rows.Select(r => r.Output).ToArray());
        command.WithArray("errors", NpgsqlDbType.Json, rows.Select(r => r.Error).ToArray());
        command.WithArray("started_ats", NpgsqlDbType.TimestampTz, rows.Select(r => PostgresValues.ToDb(r.StartedAt)).ToArray());
        command.WithArray("ended_ats", NpgsqlDbType.TimestampTz, rows.Select(r => PostgresValues.ToDb(r.EndedAt)).ToArray());
    }

    public static JournalEntry Read(NpgsqlDataReader reader)
    {
        var id = reader.GetString(1);
        return new JournalEntry
        {
            Sequence = reader.GetInt64(0),
            Id = id,
            InstanceId = reader.GetString(2),
            Scope = reader.GetString(3),
            NodeId = reader.GetString(4),
            ActivityType = reader.GetString(5),
            Attempt = reader.GetInt32(6),
            Status = reader.ReadEnum<JournalStatus>(7, Table, id),
            Port = reader.GetStringOrNull(8),
            Inputs = reader.ReadNode(9, Table, id),
            Output = reader.ReadNode(10, Table, id),
            Error = reader.ReadDocumentOrNull<ActivityError>(11, Table, id),
            StartedAt = reader.GetTime(12),
            EndedAt = reader.GetTimeOrNull(13),
        };
    }
}
