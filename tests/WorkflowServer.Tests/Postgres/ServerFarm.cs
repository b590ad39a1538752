using Npgsql;
using Weft.Engine.Tests.Storage;

namespace Weft.WorkflowServer.Tests.Postgres;

/// <summary>
/// Several real WorkflowServer processes (<see cref="ServerProcess"/>) sharing one PostgreSQL schema. Slot <c>i</c>
/// runs as worker <c>s{i}g{generation}</c> (a new id after each restart, so a killed process's leases must expire
/// rather than be taken back) and exposes <c>secrets.server = "s{i}"</c>, which workflows write into their journal
/// to show which server completed a node.
/// </summary>
internal sealed class ServerFarm : IAsyncDisposable
{
    private readonly ServerProcess?[] _servers;
    private readonly int[] _generations;
    private readonly string _root = Directory.CreateTempSubdirectory("weft-farm-").FullName;
    private readonly Func<int, IDictionary<string, string>>? _extra;

    private ServerFarm(PostgresCluster cluster, int count, TimeSpan lease, Func<int, IDictionary<string, string>>? extra)
    {
        Cluster = cluster;
        Schema = PostgresCluster.NewSchema();
        Lease = lease;
        _servers = new ServerProcess?[count];
        _generations = new int[count];
        _extra = extra;
    }

    public PostgresCluster Cluster { get; }
    public string Schema { get; }
    public TimeSpan Lease { get; }
    public int Count => _servers.Length;

    /// <summary>The running process of a slot.</summary>
    public ServerProcess this[int slot] => _servers[slot] ?? throw new InvalidOperationException($"Server s{slot} is not running.");

    public bool IsRunning(int slot) => _servers[slot] is not null;

    /// <summary>The worker id slot <paramref name="slot"/> runs as now.</summary>
    public string WorkerId(int slot) => $"s{slot}g{_generations[slot]}";

    /// <summary>Starts <paramref name="count"/> servers at once on a fresh schema (they migrate it concurrently).</summary>
    public static async Task<ServerFarm> StartAsync(
        PostgresCluster cluster, int count, TimeSpan lease, Func<int, IDictionary<string, string>>? extra = null)
    {
        var farm = new ServerFarm(cluster, count, lease, extra);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(farm.StartSlotAsync));
            return farm;
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }
    }

    public IDictionary<string, string> Environment(int slot)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__weft"] = Cluster.ConnectionString,
            ["Weft__Store__Postgres__Schema"] = Schema,
            ["Weft__Runtime__WorkerId"] = WorkerId(slot),
            ["Weft__Runtime__LeaseDuration"] = Lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Weft__Runtime__WorkerHeartbeatInterval"] = "00:00:01",
            ["Weft__Secrets__server"] = $"s{slot}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (_extra is not null)
        {
            foreach (var (name, value) in _extra(slot)) environment[name] = value;
        }
        return environment;
    }

    private async Task StartSlotAsync(int slot)
    {
        var directory = Path.Combine(_root, $"s{slot}");
        Directory.CreateDirectory(directory);
        _servers[slot] = await ServerProcess.StartAsync(directory, Environment(slot), TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILLs the slot's process; returns the worker id it ran as.</summary>
    public string Kill(int slot)
    {
        var worker = WorkerId(slot);
        var server = _servers[slot];
        _servers[slot] = null;
        server?.Dispose();
        return worker;
    }

    /// <summary>Starts the slot again as a new worker.</summary>
    public Task RestartAsync(int slot)
    {
        _generations[slot]++;
        return StartSlotAsync(slot);
    }

    /// <summary>A client of some running server.</summary>
    public HttpClient AnyClient(int hint = 0)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_servers[(hint + i) % Count] is { } server) return server.Client;
        }
        throw new InvalidOperationException("No server is running.");
    }

    /// <summary>Runs SQL against the farm's schema.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Cluster.ConnectionString) { SearchPath = Schema, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What the processes wrote, for failure messages.</summary>
    public string Output => string.Join("\n", _servers.Select((s, i) => s is null ? $"[s{i}: not running]" : $"[s{i}]\n{s.Output}"));

    public ValueTask DisposeAsync()
    {
        for (var slot = 0; slot < Count; slot++) Kill(slot);
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* best effort */ }
        return ValueTask.CompletedTask;
    }
}
