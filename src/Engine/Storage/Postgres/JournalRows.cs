using Npgsql;
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
