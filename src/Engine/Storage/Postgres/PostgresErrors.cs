using System.Data;
using System.Net.Sockets;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Sorting PostgreSQL failures: which mean a lost connection, which a write may retry, and what to tell the user.</summary>
internal static class PostgresErrors
{
    /// <summary>A deadlock or serialization failure: PostgreSQL aborted the statement; the same write can succeed when run again.</summary>
    public static bool IsRetryableWrite(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>True when <paramref name="error"/> left <paramref name="connection"/> unusable (server restart, network loss).</summary>
    public static bool IsConnectionLost(Exception error, NpgsqlConnection? connection) =>
        error is NpgsqlException
        && (connection is null || connection.State != ConnectionState.Open || (connection.FullState & ConnectionState.Broken) != 0);

    /// <summary>A one-line explanation of why connecting to <paramref name="endpoint"/> failed.</summary>
    public static PostgresStoreConnectionException CannotConnect(PostgresEndpoint endpoint, Exception error, TimeSpan connectTimeout)
    {
        if (error is PostgresStoreConnectionException known)
            return known;

        var reason = error switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } => $"database '{endpoint.Database}' does not exist",
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p =>
                $"the server refused the login{(endpoint.User is null ? "" : $" of user '{endpoint.User}'")} ({p.MessageText})",
            PostgresException p => p.MessageText,
            _ when Find<SocketException>(error) is { } socket => socket.Message,
            _ when Find<TimeoutException>(error) is not null => $"no answer within {connectTimeout.TotalSeconds:0} s",
            _ => error.Message,
        };
        return new PostgresStoreConnectionException(
            $"Cannot connect to PostgreSQL at {endpoint.Host}:{endpoint.Port}, database '{endpoint.Database}': {reason.TrimEnd('.')}.",
            endpoint.ToString(),
            error);
    }

    /// <summary>
    /// The error callers of a write see when the writer's connection dropped under it: before COMMIT was sent nothing
    /// was applied; during COMMIT (<paramref name="inDoubt"/>) nobody can tell.
    /// </summary>
    public static Exception LostWhileWriting(PostgresEndpoint endpoint, Exception error, bool inDoubt) => error switch
    {
        PostgresStoreConnectionException => error,
        _ => new PostgresStoreConnectionException(
            $"The connection to PostgreSQL at {endpoint.Host}:{endpoint.Port}, database '{endpoint.Database}' was lost "
            + $"({error.Message.TrimEnd('.')}); "
            + (inDoubt ? "the write may or may not have been applied." : "nothing was written."),
            endpoint.ToString(),
            error),
    };

    private static T? Find<T>(Exception? error) where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
                return found;
        }

        return null;
    }
}
