using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// The server's settings, bound from the configuration section <c>Weft</c> (appsettings.json,
/// environment variables such as <c>Weft__ApiKeys__0</c>, command-line <c>--Weft:MaxRequestBodyBytes=…</c>).
/// Every default is the one documented here and in docs/server-api.md.
/// </summary>
public sealed class WorkflowServerOptions
{
    public const string SectionName = "Weft";

    /// <summary>Where instances, definitions and the journal live.</summary>
    public StoreSettings Store { get; set; } = new();

    /// <summary>
    /// Keys accepted in the <c>X-Api-Key</c> header for <c>/api/*</c>, <c>/workflows/*</c> and <c>/openapi/*</c>.
    /// Default: none — outside Development every protected request is then refused (401), so a server
    /// deployed without keys is closed, not open. Development ignores keys and is open.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The largest request body Kestrel accepts; a larger one is answered 413. Default: 1 MiB (1,048,576 bytes).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Settings of the workflow runtime; each one left out keeps the <see cref="WorkflowRuntimeOptions"/> default.</summary>
    public RuntimeSettings Runtime { get; set; } = new();

    /// <summary>Values expressions read as <c>secrets.name</c>. Default: none.</summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The live event stream (Server-Sent Events).</summary>
    public EventStreamSettings Events { get; set; } = new();
}

public sealed class StoreSettings
{
    /// <summary>
    /// <c>sqlite</c> or <c>postgres</c> (any case). Default: not set, which means <c>postgres</c> when the connection
    /// string <c>ConnectionStrings:weft</c> names a <c>Host=</c> or <c>Server=</c>, and <c>sqlite</c> otherwise.
    /// </summary>
    public string? Provider { get; set; }

    public SqliteSettings Sqlite { get; set; } = new();

    /// <summary>The PostgreSQL store (several servers on one database); its connection string is <c>ConnectionStrings:weft</c>.</summary>
    public PostgresSettings Postgres { get; set; } = new();

    /// <summary>The store chosen at start-up from <see cref="Provider"/> and the connection string.</summary>
    internal StoreProvider SelectedProvider { get; set; }

    /// <summary>Why the store settings cannot work (reported by start-up validation), or null.</summary>
    internal string? ConfigurationError { get; set; }
}

/// <summary>The PostgreSQL store's settings (<c>Weft:Store:Postgres:*</c>); the connection string is <c>ConnectionStrings:weft</c>.</summary>
public sealed class PostgresSettings
{
    /// <summary>Set from <c>ConnectionStrings:weft</c> at start-up (an Npgsql connection string: <c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema holding Weft's tables (created when missing); servers sharing work use the same one. Default: <c>weft</c>.</summary>
    public string Schema { get; set; } = "weft";

    /// <summary>Batch concurrent writes into shared transactions (one WAL flush for many commits). Default: true.</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Most writes one group-commit transaction takes. Default: 256.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>How long one SQL command may run before it fails. Default: 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class SqliteSettings
{
    /// <summary>
    /// The SQLite file (created when missing; a relative path is relative to the content root).
    /// Default: <c>&lt;ContentRoot&gt;/.weft/weft.db</c>. The Aspire connection string
    /// <c>ConnectionStrings:weft</c> (<c>Data Source=&lt;path&gt;</c>) wins over this setting.
    /// </summary>
    public string? Path { get; set; }
}

/// <summary>
/// The configurable part of <see cref="WorkflowRuntimeOptions"/>. Nullable so that "not configured" keeps the
/// runtime's own default instead of a copy of it that could drift.
/// </summary>
public sealed class RuntimeSettings
{
    /// <summary>This process's worker id. Default: host name, process id and a random suffix. Set a stable id so a restarted server takes its leases back at once.</summary>
    public string? WorkerId { get; set; }

    /// <summary>The queues this server's workers take work from. Default: <c>default</c>.</summary>
    public List<string>? Queues { get; set; }

    /// <summary>Instances run at once by this process. Default: 64.</summary>
    public int? MaxConcurrentInstances { get; set; }

    /// <summary>How long a claim lasts without renewal. Default: 30 s.</summary>
    public TimeSpan? LeaseDuration { get; set; }

    /// <summary>
    /// The longest the dispatcher sleeps before asking the store for work again. Default: 1 s. With PostgreSQL idle
    /// workers are woken by notifications as work becomes due, so this is only the safety net and may be raised.
    /// </summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>How often the worker records its presence. Default: 10 s.</summary>
    public TimeSpan? WorkerHeartbeatInterval { get; set; }

    /// <summary>Timers and retries due within this long are awaited in memory. Default: 2 s.</summary>
    public TimeSpan? InMemoryWaitThreshold { get; set; }

    /// <summary>Inline nodes (vars.set, flow.if, http.respond…) run in a row before one commit; 0 commits every node on its own. Default: 100.</summary>
    public int? MaxInlineNodesPerCommit { get; set; }

    /// <summary>Journal rows an ephemeral run keeps in memory before it is stored and goes on durably. Default: 1,000.</summary>
    public int? MaxEphemeralJournalEntries { get; set; }

    /// <summary>The runtime options these settings describe, with <paramref name="secrets"/>.</summary>
    public WorkflowRuntimeOptions ToRuntimeOptions(IDictionary<string, string> secrets)
    {
        var options = new WorkflowRuntimeOptions { Secrets = new Dictionary<string, string>(secrets, StringComparer.Ordinal) };
        if (!string.IsNullOrWhiteSpace(WorkerId)) options.WorkerId = WorkerId;
        if (Queues is { Count: > 0 }) options.Queues = Queues.ToArray();
        if (MaxConcurrentInstances is { } max) options.MaxConcurrentInstances = max;
        if (LeaseDuration is { } lease) options.LeaseDuration = lease;
        if (PollInterval is { } poll) options.PollInterval = poll;
        if (WorkerHeartbeatInterval is { } heartbeat) options.WorkerHeartbeatInterval = heartbeat;
        if (InMemoryWaitThreshold is { } wait) options.InMemoryWaitThreshold = wait;
        if (MaxInlineNodesPerCommit is { } inline) options.MaxInlineNodesPerCommit = inline;
        if (MaxEphemeralJournalEntries is { } ephemeral) options.MaxEphemeralJournalEntries = ephemeral;
        return options;
    }
}

public sealed class EventStreamSettings
{
    /// <summary>How often an idle event stream sends a <c>: keep-alive</c> comment (proxies close silent connections). Default: 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often an idle stream reads the store for events this process did not publish (another worker
    /// process runs the instance, or an event was missed). Default: 1 s. With PostgreSQL a stream reads them
    /// as soon as the store's notification arrives; this poll covers notifications lost while reconnecting.
    /// </summary>
    public TimeSpan StorePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
