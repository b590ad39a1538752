using Npgsql;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Backing;

/// <summary>A PostgreSQL database given by connection string: healthy while a connection opens and answers.</summary>
internal sealed class ExternalPostgresService(ExternalPostgresResource resource) : IBackingService
{
    public Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(resource.ConnectionString);
        note($"PostgreSQL at {builder.Host}:{builder.Port}, database {builder.Database} (from the connection string)");
        return Task.FromResult(new BackingStarted(null, [$"postgres://{builder.Host}:{builder.Port}/{builder.Database}"]));
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => PostgresProbe.AnswersAsync(resource.ConnectionString, cancellationToken);

    public Task StopAsync(Action<string> note, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A Qdrant server the AppHost does not run: healthy while GET /healthz answers 2xx.</summary>
internal sealed class QdrantService(QdrantResource resource, HttpClient http) : IBackingService
{
    public Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken)
    {
        note($"Qdrant at {resource.Endpoint}");
        return Task.FromResult(new BackingStarted(null, [resource.Endpoint.ToString().TrimEnd('/')]));
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(resource.Endpoint, "healthz"));
        if (resource.ApiKey is { Length: > 0 } key)
            request.Headers.Add("api-key", key);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public Task StopAsync(Action<string> note, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class PostgresProbe
{
    /// <summary>Opens a connection (no pooling, short timeout) and runs SELECT 1.</summary>
    public static async Task<bool> AnswersAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }
}
