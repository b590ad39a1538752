using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Activities.Data;

namespace Weft.Activities.Memory;

/// <summary>
/// The append-only history of memories in SQLite. A row is unique per (request, item, memory, event),
/// so a repeated request records nothing twice. It is also the record of each memory's current text,
/// scope and metadata (its last row), which updates and deletes read.
/// </summary>
internal sealed class MemoryHistory
{
    private static readonly SchemaMigration[] Migrations =
    [
        new(1, "memory history", """
            CREATE TABLE IF NOT EXISTS memory_history (
                seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                memory_id  TEXT    NOT NULL,
                event      TEXT    NOT NULL,
                old_text   TEXT    NULL,
                new_text   TEXT    NULL,
                user_id    TEXT    NULL,
                agent_id   TEXT    NULL,
                run_id     TEXT    NULL,
                metadata   TEXT    NULL,
                request_id TEXT    NOT NULL,
                item       INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS memory_history_once ON memory_history (request_id, item, memory_id, event);
            CREATE INDEX IF NOT EXISTS memory_history_by_memory ON memory_history (memory_id, seq);
            CREATE INDEX IF NOT EXISTS memory_history_by_user ON memory_history (user_id, seq);
            CREATE INDEX IF NOT EXISTS memory_history_by_agent ON memory_history (agent_id, seq);
            CREATE INDEX IF NOT EXISTS memory_history_by_run ON memory_history (run_id, seq);
            """),
    ];

    private const string Columns = "seq, memory_id, event, old_text, new_text, user_id, agent_id, run_id, metadata, request_id, created_at";

    private readonly SqliteFile _file;

    public MemoryHistory(string path, TimeSpan busyTimeout)
    {
        _file = new SqliteFile(path, busyTimeout);
        _file.Migrate("memory_schema", Migrations);
    }

    public void Append(string memoryId, MemoryEvent change, string? oldText, string? newText, MemoryScope scope, JsonObject? metadata, string requestId, int item, DateTimeOffset at)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO memory_history (memory_id, event, old_text, new_text, user_id, agent_id, run_id, metadata, request_id, item, created_at)
            VALUES ($memory, $event, $old, $new, $user, $agent, $run, $metadata, $request, $item, $at)
            ON CONFLICT (request_id, item, memory_id, event) DO NOTHING
            """;
        command.Parameters.AddWithValue("$memory", memoryId);
        command.Parameters.AddWithValue("$event", Name(change));
        command.Parameters.AddWithValue("$old", (object?)oldText ?? DBNull.Value);
        command.Parameters.AddWithValue("$new", (object?)newText ?? DBNull.Value);
        command.Parameters.AddWithValue("$user", Db(scope.UserId));
        command.Parameters.AddWithValue("$agent", Db(scope.AgentId));
        command.Parameters.AddWithValue("$run", Db(scope.RunId));
        command.Parameters.AddWithValue("$metadata", (object?)metadata?.ToJsonString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$request", requestId);
        command.Parameters.AddWithValue("$item", item);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<MemoryHistoryEntry> ForMemory(string memoryId)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM memory_history WHERE memory_id = $memory ORDER BY seq";
        command.Parameters.AddWithValue("$memory", memoryId);
        return Read(command);
    }

    /// <summary>The latest <paramref name="limit"/> entries that match every id of <paramref name="scope"/>, oldest first.</summary>
    public IReadOnlyList<MemoryHistoryEntry> ForScope(MemoryScope scope, int limit)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (!string.IsNullOrEmpty(scope.UserId)) conditions.Add("user_id = $user");
        if (!string.IsNullOrEmpty(scope.AgentId)) conditions.Add("agent_id = $agent");
        if (!string.IsNullOrEmpty(scope.RunId)) conditions.Add("run_id = $run");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT * FROM (SELECT {Columns} FROM memory_history {where} ORDER BY seq DESC LIMIT $limit) ORDER BY seq";
        command.Parameters.AddWithValue("$user", Db(scope.UserId));
        command.Parameters.AddWithValue("$agent", Db(scope.AgentId));
        command.Parameters.AddWithValue("$run", Db(scope.RunId));
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 100_000));
        return Read(command);
    }

    /// <summary>The memory's last add, update or delete; null when it never existed.</summary>
    public MemoryHistoryEntry? Current(string memoryId)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM memory_history WHERE memory_id = $memory AND event <> 'NOOP' ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$memory", memoryId);
        return Read(command).FirstOrDefault();
    }

    /// <summary>When the memory was first added.</summary>
    public DateTimeOffset? CreatedAt(string memoryId)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(created_at) FROM memory_history WHERE memory_id = $memory AND event = 'ADD'";
        command.Parameters.AddWithValue("$memory", memoryId);
        return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public void ClearPool() => _file.ClearPool();

    public static string Name(MemoryEvent change) => change.ToString().ToUpperInvariant();

    private static MemoryEvent Parse(string name) => Enum.Parse<MemoryEvent>(name, ignoreCase: true);

    private static object Db(string? value) => string.IsNullOrEmpty(value) ? DBNull.Value : value;

    private static List<MemoryHistoryEntry> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<MemoryHistoryEntry>();
        while (reader.Read())
        {
            list.Add(new MemoryHistoryEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                new MemoryScope(
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)),
                reader.IsDBNull(8) ? null : JsonNode.Parse(reader.GetString(8)) as JsonObject,
                reader.GetString(9),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10))));
        }
        return list;
    }
}
