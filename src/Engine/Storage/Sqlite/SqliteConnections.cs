using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Opens connections to the store's file with the per-connection pragmas applied.</summary>
internal static class SqliteConnections
{
    public static SqliteSession Open(SqliteStoreOptions options, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The store keeps its own connections (one writer, a read pool); the driver's pool would
            // only keep the file open after DisposeAsync.
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };

        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var session = new SqliteSession(connection);
            var busyMs = ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            session.Execute($"PRAGMA busy_timeout = {busyMs}");
            session.Execute(options.Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            session.Execute("PRAGMA temp_store = MEMORY");
            if (readOnly)
                session.Execute("PRAGMA query_only = 1");
            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
