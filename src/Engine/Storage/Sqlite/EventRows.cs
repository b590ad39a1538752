using Microsoft.Data.Sqlite;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Reading and writing rows of the <c>events</c> table.</summary>
internal static class EventRows
{
    public const string Table = "events";

    /// <summary>Replace on the same (instance, seq): an attempt re-run after a crash republishes its numbers.</summary>
    public const string Upsert = """
        INSERT OR REPLACE INTO events (instance_id, seq, type, node_id, data, at)
        VALUES (@instance_id, @seq, @type, @node_id, @data, @at)
        """;

    public const string SelectAfter = """
        SELECT instance_id, seq, type, node_id, data, at FROM events
        WHERE instance_id = @instance_id AND seq > @after ORDER BY seq LIMIT @take
        """;

    public static void Write(SqliteSession session, PreparedEvent row)
    {
        var e = row.Event;
        session.Command(Upsert)
            .With("@instance_id", e.InstanceId)
            .With("@seq", e.Sequence)
            .With("@type", e.Type)
            .With("@node_id", e.NodeId)
            .With("@data", row.Data)
            .With("@at", SqliteValues.ToDb(e.At))
            .ExecuteNonQuery();
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
