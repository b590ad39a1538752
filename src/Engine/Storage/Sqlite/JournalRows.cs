using Microsoft.Data.Sqlite;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Reading and writing rows of the <c>journal</c> table.</summary>
internal static class JournalRows
{
    public const string Table = "journal";

    public const string SelectByInstance = """
        SELECT seq, id, instance_id, scope, node_id, activity_type, attempt, status, port, inputs, output, error,
            started_at, ended_at
        FROM journal WHERE instance_id = @instance_id ORDER BY seq
        """;

    /// <summary>Most rows in one statement: 16 × 13 parameters stays far inside SQLite's limit.</summary>
    private const int RowsPerStatement = 16;

    private static readonly string[] Columns =
        ["id", "instance_id", "scope", "node_id", "activity_type", "attempt", "status", "port", "inputs", "output", "error", "started_at", "ended_at"];

    /// <summary>
    /// Insert each attempt, or update it when its id exists (the end of an attempt whose start was written; seq is
    /// kept): the statement for 1..16 rows, one VALUES tuple per row.
    /// </summary>
    private static readonly string[] UpsertMany = Enumerable.Range(0, RowsPerStatement + 1).Select(count => count == 0 ? "" : $"""
        INSERT INTO journal (id, instance_id, definition_id, scope, node_id, activity_type, attempt, status, port,
            inputs, output, error, started_at, ended_at)
        VALUES {string.Join(", ", Enumerable.Range(0, count).Select(i =>
            $"(@id{i}, @instance_id{i}, (SELECT definition_id FROM instances WHERE id = @instance_id{i}), @scope{i}, @node_id{i}, " +
            $"@activity_type{i}, @attempt{i}, @status{i}, @port{i}, @inputs{i}, @output{i}, @error{i}, @started_at{i}, @ended_at{i})"))}
        ON CONFLICT (id) DO UPDATE SET
            scope = excluded.scope, node_id = excluded.node_id, activity_type = excluded.activity_type,
            attempt = excluded.attempt, status = excluded.status, port = excluded.port, inputs = coalesce(excluded.inputs, journal.inputs),
            output = excluded.output, error = excluded.error, started_at = excluded.started_at, ended_at = excluded.ended_at
        """).ToArray();

    private static readonly string[][] Names = Enumerable.Range(0, RowsPerStatement)
        .Select(i => Columns.Select(c => $"@{c}{i}").ToArray()).ToArray();

    /// <summary>
    /// Writes the rows in order, up to 16 per statement (a commit of an inline chain carries one row per node). A later
    /// row with the same id updates the earlier one, within a statement as across them.
    /// </summary>
    public static void WriteAll(SqliteSession session, IReadOnlyList<PreparedJournalRow> rows)
    {
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            var command = session.Command(UpsertMany[count]);
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                var n = Names[i];
                command.With(n[0], row.Id)
                    .With(n[1], row.InstanceId)
                    .With(n[2], row.Scope)
                    .With(n[3], row.NodeId)
                    .With(n[4], row.ActivityType)
                    .With(n[5], row.Attempt)
                    .With(n[6], row.Status.ToString())
                    .With(n[7], row.Port)
                    .With(n[8], row.Inputs)
                    .With(n[9], row.Output)
                    .With(n[10], row.Error)
                    .With(n[11], SqliteValues.ToDb(row.StartedAt))
                    .With(n[12], SqliteValues.ToDb(row.EndedAt));
            }
            command.ExecuteNonQuery();
        }
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
