using Microsoft.Data.Sqlite;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Reading and writing rows of the <c>events</c> table.</summary>
internal static class EventRows
{
    public const string Table = "events";

    public const string SelectAfter = """
        SELECT instance_id, seq, type, node_id, data, at FROM events
        WHERE instance_id = @instance_id AND seq > @after ORDER BY seq LIMIT @take
        """;

    /// <summary>Most rows in one statement: 16 × 6 parameters stays far inside SQLite's limit.</summary>
    private const int RowsPerStatement = 16;

    /// <summary>
    /// Replace on the same (instance, seq): an attempt re-run after a crash republishes its numbers. The statement for
    /// 1..16 rows, parameters <c>@i0, @s0, …</c> per row.
    /// </summary>
    private static readonly string[] UpsertMany = Enumerable.Range(0, RowsPerStatement + 1).Select(count => count == 0 ? "" :
        "INSERT OR REPLACE INTO events (instance_id, seq, type, node_id, data, at) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@i{i}, @s{i}, @t{i}, @n{i}, @d{i}, @a{i})"))).ToArray();

    private static readonly string[][] Names = Enumerable.Range(0, RowsPerStatement)
        .Select(i => new[] { $"@i{i}", $"@s{i}", $"@t{i}", $"@n{i}", $"@d{i}", $"@a{i}" }).ToArray();

    /// <summary>
    /// Writes the rows in order, up to 16 per statement: a commit of an inline chain carries a score of events, and
    /// one statement each was most of the single writer's time. A later row with the same (instance, seq) replaces an
    /// earlier one, within a statement as across them.
    /// </summary>
    public static void WriteAll(SqliteSession session, IReadOnlyList<PreparedEvent> rows)
    {
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            var command = session.Command(UpsertMany[count]);
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                var e = row.Event;
                var names = Names[i];
                command.With(names[0], e.InstanceId)
                    .With(names[1], e.Sequence)
                    .With(names[2], e.Type)
                    .With(names[3], e.NodeId)
                    .With(names[4], row.Data)
                    .With(names[5], SqliteValues.ToDb(e.At));
            }
            command.ExecuteNonQuery();
        }
    }

    public static InstanceEvent Read(SqliteDataReader reader)
    {
        var instanceId = reader.GetString(0);
        var sequence = reader.GetInt64(1);
        return new InstanceEvent(
            instanceId,
            sequence,
            reader.GetString(2),
            reader.GetStringOrNull(3),
            reader.ReadNode(4, Table, $"{instanceId}#{sequence}"),
            reader.GetTime(5));
    }
}
