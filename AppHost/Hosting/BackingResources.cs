using Npgsql;

namespace Weft.AppHost.Hosting;

/// <summary>
/// A resource referenced through a connection string, plus any extra settings the referencing service needs
/// alongside it (e.g. <c>Weft__Store__Provider</c>), added with <c>WithReferenceEnvironment</c>.
/// </summary>
public abstract class ConnectionStringResource(string name, string kind) : Resource(name, kind), IResourceWithConnectionString
{
    public abstract string? ConnectionString { get; }

    /// <summary>Settings copied to referencing services besides <c>ConnectionStrings__{Name}</c>.</summary>
    public Dictionary<string, string> ReferenceEnvironment { get; } = new(StringComparer.Ordinal);

    public virtual IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment()
    {
        if (ConnectionString is { } connectionString)
            yield return new($"ConnectionStrings__{Name}", connectionString);
        foreach (var pair in ReferenceEnvironment)
            yield return pair;
    }
}

/// <summary>
/// A PostgreSQL server the AppHost runs from the local binaries (initdb + pg_ctl): a cluster in <see cref="DataDirectory"/>
/// on a free loopback port, trust authentication for the <c>postgres</c> user, stopped with the AppHost.
/// </summary>
public sealed class PostgresServerResource(string name, string dataDirectory) : ConnectionStringResource(name, "postgres")
{
    public const string User = "postgres";

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The port, assigned before anything starts.</summary>
    public int? Port { get; internal set; }

    public List<PostgresDatabaseResource> Databases { get; } = [];

    public override string? ConnectionString => ConnectionStringFor("postgres");

    internal string? ConnectionStringFor(string database) => Port is { } port
        ? new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = User, Database = database }.ConnectionString
        : null;
}

/// <summary>A database on a <see cref="PostgresServerResource"/>, created when the server starts if it does not exist.</summary>
public sealed class PostgresDatabaseResource(string name, PostgresServerResource server, string databaseName)
    : ConnectionStringResource(name, "postgres-database")
{
    public PostgresServerResource Server { get; } = server;

    public string DatabaseName { get; } = databaseName;

    public override string? ConnectionString => Server.ConnectionStringFor(DatabaseName);
}

/// <summary>A database the AppHost does not run: its connection string comes from configuration; it is checked by connecting.</summary>
public sealed class ExternalPostgresResource(string name, string connectionString) : ConnectionStringResource(name, "postgres")
{
    public override string ConnectionString { get; } = connectionString;
}

/// <summary>A SQLite database file (its folder is created at start); services get <c>Data Source=&lt;path&gt;</c>.</summary>
public sealed class SqliteDatabaseResource(string name, string path) : ConnectionStringResource(name, "sqlite")
{
    public string Path { get; } = path;

    public override string ConnectionString => $"Data Source={Path}";
}

/// <summary>
/// A Qdrant server at a known endpoint (the AppHost does not run Qdrant): referencing services get
/// <c>ConnectionStrings__{name}=Endpoint=…;Key=…</c> and <c>Weft__Qdrant__Endpoint</c>/<c>Weft__Qdrant__ApiKey</c>; health is GET /healthz.
/// </summary>
public sealed class QdrantResource(string name, Uri endpoint, string? apiKey) : ConnectionStringResource(name, "qdrant")
{
    public Uri Endpoint { get; } = endpoint;

    public string? ApiKey { get; } = apiKey;

    public override string ConnectionString => ApiKey is { Length: > 0 } key ? $"Endpoint={Endpoint};Key={key}" : $"Endpoint={Endpoint}";

    public override IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment()
    {
        foreach (var pair in base.GetReferenceEnvironment())
            yield return pair;
        yield return new("Weft__Qdrant__Endpoint", Endpoint.ToString());
        if (ApiKey is { Length: > 0 } key)
            yield return new("Weft__Qdrant__ApiKey", key);
    }
}

/// <summary>
/// The embedded vector store (SQLite files in <see cref="Directory"/>, inside each service): referencing services get
/// <c>Weft__Data__Directory</c>, so every replica shares the same vectors, memory and documents.
/// </summary>
public sealed class EmbeddedVectorStoreResource(string name, string directory) : Resource(name, "embedded-vectors"), IReferenceableResource
{
    public string Directory { get; } = directory;

    public IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() => [new("Weft__Data__Directory", Directory)];
}
