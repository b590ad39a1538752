
namespace Weft.WorkflowServer.Hosting;

/// <summary>The stores the server can use (<c>Weft:Store:Provider</c>).</summary>
internal enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which store <c>Weft:Store:Provider</c> and <c>ConnectionStrings:weft</c> choose. Aspire hands a PostgreSQL resource
/// to a project as <c>ConnectionStrings:weft=Host=…</c> and a SQLite one as <c>Data Source=…</c>, so without a provider
/// the connection string decides: a <c>Host</c> or <c>Server</c> key means PostgreSQL, anything else SQLite.
/// </summary>
internal static class StoreSelection
{
    public const string ProviderKey = $"{WorkflowServerOptions.SectionName}:Store:Provider";

    public static StoreProvider Resolve(IConfiguration configuration)
    {
        var provider = configuration[ProviderKey];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            return provider.Trim().ToUpperInvariant() switch
            {
                "SQLITE" => StoreProvider.Sqlite,
                "POSTGRES" or "POSTGRESQL" => StoreProvider.Postgres,
                _ => throw new InvalidOperationException($"{ProviderKey} is '{provider}'; expected 'sqlite' or 'postgres'."),
            };
        }
        return NamesAServer(configuration.GetConnectionString(StorePath.ConnectionStringName)) ? StoreProvider.Postgres : StoreProvider.Sqlite;
    }

    /// <summary>The PostgreSQL connection string, which must be set when the provider is PostgreSQL.</summary>
    public static string PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(StorePath.ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"{ProviderKey} is postgres but ConnectionStrings:{StorePath.ConnectionStringName} is not set " +
                "(environment variable ConnectionStrings__weft=\"Host=…;Port=5432;Database=…;Username=…;Password=…\").");

    private static bool NamesAServer(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return false;
        try
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            return builder.ContainsKey("Host") || builder.ContainsKey("Server");
        }
        catch (ArgumentException)
        {
            return false; // not even key=value pairs: the SQLite path reader reports it
        }
    }
}
