using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Weft.Engine.Monitoring;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// The node and activity-type metrics of a window from one range scan of <c>ix_journal_metrics</c>, aggregated here for
/// every group in the same pass (<see cref="AttemptAccumulator"/>). A GROUP BY made SQLite sort the whole window by its
/// text keys first, several times the cost of the scan. Rows are stepped straight on SQLitePCL and keys are looked up
/// from the row's UTF-8 bytes without allocating: Microsoft.Data.Sqlite's reader would cost more than the scan itself.
/// Groups come out ordered by their keys' UTF-8 bytes, as SQLite's BINARY collation orders them.
/// </summary>
internal static class SqliteMonitoringScan
{
    /// <summary>Columns: definition_id, node_id, activity_type, status, duration in ms (NULL when unfinished), tokens.</summary>
    private const string Select = """
        SELECT definition_id, node_id, activity_type, status,
            CASE WHEN status IN ('Completed', 'Retrying', 'Failed') AND ended_at IS NOT NULL THEN ended_at - started_at END,
            tokens
        FROM journal INDEXED BY ix_journal_metrics
        WHERE started_at >= ?1 AND started_at < ?2 AND definition_id IS NOT NULL
        """;

    private const string SelectOfWorkflow = Select + " AND definition_id = ?3";

    public static List<NodeMetrics> Nodes(SqliteConnection connection, MetricsWindow window, string? definitionId)
    {
        var groups = Scan(connection, window, definitionId, keyColumns: 2);
        return [.. groups.Select(g => g.Accumulator.ToNode(g.Keys[0], g.Keys[1]))];
    }

    public static List<ActivityTypeMetrics> ActivityTypes(SqliteConnection connection, MetricsWindow window)
    {
        // The activity type is column 2: scanning with it as the only key groups by it.
        var groups = Scan(connection, window, null, keyColumns: 0);
        return [.. groups.Select(g => g.Accumulator.ToActivityType())];
    }

    private sealed class Group(string[] keys, byte[] sortKey, byte[] activityType)
    {
        public string[] Keys { get; } = keys;

        public byte[] SortKey { get; } = sortKey;

        public AttemptAccumulator Accumulator { get; } = new(Encoding.UTF8.GetString(activityType));

        /// <summary>The greatest activity type seen, in UTF-8: max(activity_type) under SQLite's BINARY collation.</summary>
        public void SeeActivityType(ReadOnlySpan<byte> activityType)
        {
            if (activityType.SequenceCompareTo(_activityType) <= 0)
                return;
            _activityType = activityType.ToArray();
            Accumulator.ActivityType = Encoding.UTF8.GetString(_activityType);
        }

        private byte[] _activityType = activityType;
    }

    /// <summary>
    /// Groups by the first <paramref name="keyColumns"/> columns, or by the activity type when 0. A group's lookup key is
    /// its key columns decoded into one buffer, separated by U+0000 (which SQLite text here never holds).
    /// </summary>
    private static List<Group> Scan(SqliteConnection connection, MetricsWindow window, string? definitionId, int keyColumns)
    {
        var byKey = new Dictionary<string, Group>(StringComparer.Ordinal);
        var lookup = byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        var columns = keyColumns == 0 ? [2] : Enumerable.Range(0, keyColumns).ToArray();
        Span<char> buffer = stackalloc char[512];
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, definitionId is null ? Select : SelectOfWorkflow, out var statement));
        using (statement)
        {
            raw.sqlite3_bind_int64(statement, 1, SqliteValues.ToDb(window.From));
            raw.sqlite3_bind_int64(statement, 2, SqliteValues.ToDb(window.To));
            if (definitionId is not null)
                raw.sqlite3_bind_text(statement, 3, definitionId);
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var length = KeyLength(statement, columns);
                var chars = length <= buffer.Length ? buffer : new char[length];
                var written = DecodeKey(statement, columns, chars);
                if (!lookup.TryGetValue(chars[..written], out var group))
                {
                    var keys = columns.Select(c => raw.sqlite3_column_text(statement, c).utf8_to_string()).ToArray();
                    group = new Group(keys, Encoding.UTF8.GetBytes(string.Join('\0', keys)), raw.sqlite3_column_blob(statement, 2).ToArray());
                    byKey.Add(new string(chars[..written]), group);
                }
                else if (keyColumns != 0)
                {
                    group.SeeActivityType(raw.sqlite3_column_blob(statement, 2));
                }
                Add(statement, group.Accumulator);
            }
            if (step != raw.SQLITE_DONE)
                Check(db, step);
        }
        var groups = byKey.Values.ToList();
        groups.Sort((a, b) => a.SortKey.AsSpan().SequenceCompareTo(b.SortKey));
        return groups;
    }

    private static void Add(sqlite3_stmt statement, AttemptAccumulator accumulator)
    {
        var status = raw.sqlite3_column_blob(statement, 3);
        var kind = status.SequenceEqual("Completed"u8) ? AttemptStatus.Completed
            : status.SequenceEqual("Failed"u8) ? AttemptStatus.Failed
            : status.SequenceEqual("Retrying"u8) ? AttemptStatus.Retrying
            : AttemptStatus.Other;
        accumulator.Add(kind, raw.sqlite3_column_type(statement, 4) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, 4));
        switch (raw.sqlite3_column_type(statement, 5))
        {
            case raw.SQLITE_INTEGER: accumulator.AddTokens(raw.sqlite3_column_int64(statement, 5)); break;
            case raw.SQLITE_FLOAT: accumulator.AddTokens(raw.sqlite3_column_double(statement, 5)); break;
            default: break;
        }
    }

    private static int KeyLength(sqlite3_stmt statement, int[] columns)
    {
        var length = columns.Length - 1;
        foreach (var column in columns)
            length += raw.sqlite3_column_bytes(statement, column);
        return length;
    }

    private static int DecodeKey(sqlite3_stmt statement, int[] columns, Span<char> chars)
    {
        var written = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            if (i > 0)
                chars[written++] = '\0';
            written += Encoding.UTF8.GetChars(raw.sqlite3_column_blob(statement, columns[i]), chars[written..]);
        }
        return written;
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
            throw new SqliteException($"SQLite error {result}: {raw.sqlite3_errmsg(db).utf8_to_string()}", result);
    }
}
