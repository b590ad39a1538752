namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The PostgreSQL server could not be reached or refused the connection, or the connection was lost while
/// committing. The message is one line naming the endpoint (host, port, database) and the reason, fit to show as
/// it is; <see cref="Exception.InnerException"/> holds the driver's error.
/// </summary>
public sealed class PostgresStoreConnectionException(string message, string endpoint, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The server and database, as <c>host:port/database</c>.</summary>
    public string Endpoint { get; } = endpoint;
}
