using Npgsql;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Backing;

/// <summary>Creates a database on a server the AppHost runs, when it does not exist yet.</summary>
internal static class PostgresDatabases
{
    public static async Task EnsureAsync(string serverConnectionString, string database, Action<string> note, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false, Timeout = 10 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            return;

        // CREATE DATABASE takes no parameters: the name is quoted as an identifier.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        note($"created database {database}");
    }
}

/// <summary>A database on a server the AppHost runs: the server creates it at start; healthy while it answers.</summary>
internal sealed class PostgresDatabaseService(PostgresDatabaseResource resource) : IBackingService
{
    public async Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken)
    {
        // The server created it already when it started; a Start command after a Stop of the server lands here too.
        await PostgresDatabases.EnsureAsync(resource.Server.ConnectionString!, resource.DatabaseName, note, cancellationToken);
        return new BackingStarted(null, [$"postgres://127.0.0.1:{resource.Server.Port}/{resource.DatabaseName}"]);
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => PostgresProbe.AnswersAsync(resource.ConnectionString!, cancellationToken);

    public Task StopAsync(Action<string> note, CancellationToken cancellationToken) => Task.CompletedTask;
}
