using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Where a connection string points, for messages: never includes the password.</summary>
internal sealed record PostgresEndpoint(string Host, int Port, string Database, string? User)
{
    public static PostgresEndpoint From(NpgsqlConnectionStringBuilder builder)
    {
        var user = string.IsNullOrEmpty(builder.Username) ? null : builder.Username;
        // Npgsql connects to the database named like the user when none is given.
        var database = builder.Database ?? user ?? "(default)";
        return new PostgresEndpoint(string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host, builder.Port, database, user);
    }

    public override string ToString() => $"{Host}:{Port}/{Database}";
}
