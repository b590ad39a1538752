using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Weft.Activities.Data;

/// <summary>
/// One SQLite database file shared by the document, vector and memory stores (and possibly the
/// workflow store): pooled connections with a busy timeout, WAL, and per-store schema migrations
/// recorded in a table each store names itself, so stores never collide in one file.
/// </summary>
internal sealed class SqliteFile
{
    private readonly string _connectionString;

    public SqliteFile(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: another process
            // (the workflow store's writer, a CLI) holding the write lock makes us wait, not fail.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Applies the migrations not yet recorded in <paramref name="schemaTable"/>, each in its own immediate transaction.</summary>
    public void Migrate(string schemaTable, IReadOnlyList<SchemaMigration> migrations)
    {
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, $"CREATE TABLE IF NOT EXISTS {schemaTable} (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            using var transaction = connection.BeginTransaction();
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = $"SELECT COUNT(*) FROM {schemaTable} WHERE version = $v";
            check.Parameters.AddWithValue("$v", migration.Version);
            // Re-checked inside the write lock: a second process starting on the same file finds it applied.
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) continue;

            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = migration.Sql;
                apply.ExecuteNonQuery();
            }

            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {schemaTable} (version, name, applied_at) VALUES ($v, $n, $t)";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$n", migration.Name);
            record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>Closes the pooled connections so the file can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>One schema change of a store, applied once per database file.</summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql);
