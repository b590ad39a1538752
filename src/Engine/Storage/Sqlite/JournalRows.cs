using Microsoft.Data.Sqlite;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Reading and writing rows of the <c>journal</c> table.</summary>
internal static class JournalRows
{
    public const string Table = "journal";

    /// <summary>Insert the attempt, or update it when its id exists (the end of an attempt whose start was written); seq is kept.</summary>
    public const string Upsert = """
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

    public static void Write(SqliteSession session, PreparedJournalRow row)
    {
        session.Command(Upsert)
            .With("@id", row.Id)
            .With("@instance_id", row.InstanceId)
            .With("@scope", row.Scope)
            .With("@node_id", row.NodeId)
            .With("@activity_type", row.ActivityType)
            .With("@attempt", row.Attempt)
            .With("@status", row.Status.ToString())
            .With("@port", row.Port)
            .With("@inputs", row.Inputs)
            .With("@output", row.Output)
            .With("@error", row.Error)
            .With("@started_at", SqliteValues.ToDb(row.StartedAt))
            .With("@ended_at", SqliteValues.ToDb(row.EndedAt))
            .ExecuteNonQuery();
    }

    public static JournalEntry Read(SqliteDataReader reader)
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
