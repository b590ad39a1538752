using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// Brings a schema to the latest version in ONE transaction that first takes a transaction-scoped advisory lock:
/// when several processes start at once they queue on the lock, and each one after the first finds the migrations
/// recorded and applies nothing. A failing migration rolls everything back, the lock with it.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>The advisory lock every Weft process takes to migrate ("WEFT" in ASCII, then 1).</summary>
    public const long LockKey = 0x5745_4654_0000_0001;

    private const string SchemaExists = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)";

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    /// <summary>Returns how many migrations this call applied.</summary>
    public static async Task<int> MigrateAsync(
        NpgsqlConnection connection, string schema, IReadOnlyList<PostgresMigration> migrations, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);

        // CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the database; a schema a DBA made
        // for an application role that lacks it must not stop the start.
        await using (var exists = new NpgsqlCommand(SchemaExists, connection))
        {
            exists.Parameters.AddWithValue("schema", schema);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                await ExecuteAsync(connection, $"CREATE SCHEMA {schema}", cancellationToken).ConfigureAwait(false);
        }

        // The connection's search path names the schema already, but resolving it may predate its creation.
        await ExecuteAsync(connection, $"SET LOCAL search_path TO {schema}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, CreateHistory, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));
        }

        var count = 0;
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
                continue;

            await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)", connection);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("at", PostgresValues.ToDb(time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            count++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
