namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// Brings a database file to the latest schema. Each pending migration runs in its own BEGIN IMMEDIATE
/// transaction that re-checks <c>schema_migrations</c> first: when two processes start on one file, the
/// second waits for the first's write lock, then finds the migration applied and skips it.
/// </summary>
internal static class SqliteMigrator
{
    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """;

    private const string HistoryExists = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')";

    /// <summary>Returns how many migrations this call applied.</summary>
    public static int Migrate(SqliteSession session, IReadOnlyList<Migration> migrations, TimeProvider time)
    {
        // WAL is a property of the file; set once, it stays. Readers then never block the writer.
        session.Execute("PRAGMA journal_mode = WAL");

        var applied = ReadApplied(session);
        var count = 0;
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
                continue;

            session.Execute("BEGIN IMMEDIATE");
            try
            {
                session.Execute(CreateHistory);
                if (!IsApplied(session, migration.Version))
                {
                    using (var command = session.Connection.CreateCommand())
                    {
                        command.CommandText = migration.Sql;
                        command.ExecuteNonQuery();
                    }

                    session.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)")
                        .With("@version", migration.Version)
                        .With("@name", migration.Name)
                        .With("@at", SqliteValues.ToDb(time.GetUtcNow()))
                        .ExecuteNonQuery();
                    count++;
                }

                session.Execute("COMMIT");
            }
            catch
            {
                TryRollback(session);
                throw;
            }
        }

        return count;
    }

    private static void TryRollback(SqliteSession session)
    {
        try
        {
            session.Execute("ROLLBACK");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // SQLite rolled back already; the original error is what matters.
        }
    }

    private static HashSet<int> ReadApplied(SqliteSession session)
    {
        var versions = new HashSet<int>();
        if (Convert.ToInt64(session.Command(HistoryExists).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            return versions;

        using var reader = session.Command("SELECT version FROM schema_migrations").ExecuteReader();
        while (reader.Read())
            versions.Add(reader.GetInt32(0));
        return versions;
    }

    private static bool IsApplied(SqliteSession session, int version) =>
        Convert.ToInt64(
            session.Command("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = @version)").With("@version", version).ExecuteScalar(),
            System.Globalization.CultureInfo.InvariantCulture) != 0;
}
