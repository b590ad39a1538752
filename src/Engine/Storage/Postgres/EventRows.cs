using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Reading and writing rows of the <c>events</c> table, and announcing them on the events channel.</summary>
internal static class EventRows
{
    public const string Table = "events";

    /// <summary>Replace on the same (instance, seq): an attempt re-run after a crash republishes its numbers.</summary>
    private const string Upsert = """
        INSERT INTO events (instance_id, seq, type, node_id, data, at)
        VALUES (@instance_id, @seq, @type, @node_id, @data, @at)
        ON CONFLICT (instance_id, seq) DO UPDATE SET
            type = excluded.type, node_id = excluded.node_id, data = excluded.data, at = excluded.at
        """;

    /// <summary>Several rows in one statement: a commit's events cost one statement, not one each.</summary>
    private const string UpsertMany = """
        INSERT INTO events (instance_id, seq, type, node_id, data, at)
        SELECT * FROM unnest(@instance_ids, @seqs, @types, @node_ids, @datas, @ats)
        ON CONFLICT (instance_id, seq) DO UPDATE SET
            type = excluded.type, node_id = excluded.node_id, data = excluded.data, at = excluded.at
        """;

    public const string SelectAfter = """
        SELECT instance_id, seq, type, node_id, data, at FROM events
        WHERE instance_id = @instance_id AND seq > @after ORDER BY seq LIMIT @take
        """;

    public static void AddWrite(NpgsqlBatch batch, PreparedEvent row)
    {
        var e = row.Event;
        batch.Add(Upsert)
            .WithText("instance_id", e.InstanceId)
            .WithLong("seq", e.Sequence)
            .WithText("type", e.Type)
            .WithText("node_id", e.NodeId)
            .WithJson("data", row.Data)
            .WithTime("at", e.At);
    }

    /// <summary>
    /// Adds the rows as one statement when they can share it: PostgreSQL refuses one upsert touching the same
    /// (instance, seq) twice, so rows repeating a number go one statement each, in order, the later replacing the earlier.
    /// </summary>
    public static void AddWrites(NpgsqlBatch batch, IReadOnlyList<PreparedEvent> rows)
    {
        if (rows.Count < 2 || rows.DistinctBy(r => (r.Event.InstanceId, r.Event.Sequence)).Count() != rows.Count)
        {
            foreach (var row in rows)
                AddWrite(batch, row);
            return;
        }

        var command = batch.Add(UpsertMany);
        command.WithArray("instance_ids", NpgsqlDbType.Text, rows.Select(r => r.Event.InstanceId).ToArray());
        command.WithArray("seqs", NpgsqlDbType.Bigint, rows.Select(r => r.Event.Sequence).ToArray());
        command.WithArray("types", NpgsqlDbType.Text, rows.Select(r => r.Event.Type).ToArray());
        command.WithArray("node_ids", NpgsqlDbType.Text, rows.Select(r => r.Event.NodeId).ToArray());
        command.WithArray("datas", NpgsqlDbType.Json, rows.Select(r => r.Data).ToArray());
        command.WithArray("ats", NpgsqlDbType.TimestampTz, rows.Select(r => PostgresValues.ToDb(r.Event.At)).ToArray());
    }

    /// <summary>
    /// One notification per instance, carrying the highest sequence written (<c>instanceId:seq</c>): a listener
    /// reads everything after what it has, so the highest number is all it needs.
    /// </summary>
    public static IReadOnlyList<string> Notifications(IEnumerable<PreparedEvent> rows) =>
        rows.GroupBy(r => r.Event.InstanceId, StringComparer.Ordinal)
            .Select(g => EventNotificationPayload.Format(g.Key, g.Max(r => r.Event.Sequence)))
            .ToList();

    public static InstanceEvent Read(NpgsqlDataReader reader)
    {
        var instanceId = reader.GetString(0);
        var sequence = reader.GetInt64(1);
        return new InstanceEvent(
            instanceId,
            sequence,
            reader.GetString(2),
            reader.GetStringOrNull(3),
            reader.ReadNode(4, Table, $"{instanceId}#{sequence.ToString(CultureInfo.InvariantCulture)}"),
            reader.GetTime(5));
    }
}
