using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage.Postgres;

namespace Weft.Bench;

/// <summary>
/// Durable sequential nodes per second on PostgreSQL with 1 and 3 runtimes — each on a store of its own (its own
/// connections and group-commit writer), as separate server processes would be — sharing one schema, against the
/// floor measured in the same run: single-row INSERT commits per second on one connection (one WAL flush each).
/// Goal (issue 5): ≥ 1.0× the floor with one runtime, ≥ 2× with three, through group commit.
/// Usage: dotnet run -c Release --project bench/Weft.Bench -- pg "&lt;Npgsql connection string&gt;" [instances=6000] [nodes=10] [runtimes=1,3] [inline=on,off]
/// Each measurement follows an untimed run of the same shape, so every phase is measured warm, whatever its order.
/// (or the connection string in WEFT_BENCH_PG). Each measurement uses a fresh schema, dropped afterwards.
/// </summary>
internal static class PostgresScaleOutBenchmark
{

    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args.Length > 0 && args[0].Contains('=', StringComparison.Ordinal) ? args[0] : Environment.GetEnvironmentVariable("WEFT_BENCH_PG");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("usage: pg \"Host=…;Port=…;Database=…;Username=…;Password=…\" [instances=6000] [nodes=10] [runtimes=1,3] [inline=on,off]  (or set WEFT_BENCH_PG)");
            return 2;
        }
        var rest = args.Length > 0 && args[0] == connectionString ? args[1..] : args;
        var instances = rest.Length > 0 ? int.Parse(rest[0]) : 6000;
        var nodes = rest.Length > 1 ? int.Parse(rest[1]) : 10;
        var runtimes = rest.Length > 2 ? rest[2].Split(',').Select(int.Parse).ToArray() : [1, 3];
        var modes = rest.Length > 3 ? BenchWorkflows.CommitModes.Where(m => rest[3].Contains(m.MaxInlineNodesPerCommit == 0 ? "off" : "on", StringComparison.Ordinal)).ToArray() : BenchWorkflows.CommitModes;

        var floor = await RawCommitsPerSecondAsync(connectionString, TimeSpan.FromSeconds(3));
        Console.WriteLine($"PostgreSQL {new NpgsqlConnectionStringBuilder(connectionString).Host}, {instances} instances × {nodes} nodes");
        Console.WriteLine($"  floor: single-row INSERT commits/s            {floor,10:N0}");
        foreach (var (mode, maxInline) in modes)
        {
            foreach (var count in runtimes)
            {
                // The same run untimed first: a process's first seconds are not the steady state a server runs in (on 2
                // busy cores the JIT's background tier-up lags for several seconds; measured, the first 6,000-instance
                // run of a process came out ~30 % slower than the next), and would favour whichever phase runs later.
                await EngineNodesPerSecondAsync(connectionString, count, instances, nodes, maxInline);
                var rate = await EngineNodesPerSecondAsync(connectionString, count, instances, nodes, maxInline);
                Console.WriteLine($"  engine: durable nodes/s, {count} runtime(s), {mode,-20} {rate,10:N0}   ratio {rate / floor:0.00}x (goal {(count == 1 ? "1.0" : "2.0")}x)");
            }
        }
        return 0;
    }

    private static async Task<double> RawCommitsPerSecondAsync(string connectionString, TimeSpan duration)
    {
        var schema = NewSchema();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)");
        try
        {
            await using var insert = new NpgsqlCommand($"INSERT INTO {schema}.rows (payload) VALUES (@p)", connection);
            insert.Parameters.AddWithValue("p", new string('x', 200));
            await insert.PrepareAsync();
            var watch = Stopwatch.StartNew();
            var commits = 0;
            while (watch.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync(); // autocommit: one transaction, one WAL flush per row
                commits++;
            }
            return commits / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    /// <summary>Starts every instance (spread over the runtimes' clients), then waits until the database says all completed.</summary>
    private static async Task<double> EngineNodesPerSecondAsync(string connectionString, int count, int instances, int nodes, int maxInlineNodesPerCommit)
    {
        var schema = NewSchema();
        var stores = new List<PostgresWorkflowStore>();
        var engines = new List<WorkflowRuntime>();
        try
        {
            var registry = new ActivityRegistry();
            CoreActivities.Register(registry);
            for (var i = 0; i < count; i++)
            {
                var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema });
                await store.InitializeAsync();
                stores.Add(store);
                var runtime = new WorkflowRuntime(store, registry, new WorkflowRuntimeOptions { WorkerId = $"bench-{i}", MaxConcurrentInstances = 64, MaxInlineNodesPerCommit = maxInlineNodesPerCommit });
                engines.Add(runtime);
            }
            var definition = BenchWorkflows.Sequential(nodes);
            var version = await stores[0].SaveDefinitionAsync(definition);
            foreach (var runtime in engines) await runtime.StartAsync();

            var watch = Stopwatch.StartNew();
            using var gate = new SemaphoreSlim(32);
            await Task.WhenAll(Enumerable.Range(0, instances).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    await engines[i % count].Client.StartAsync(new StartRequest { DefinitionId = definition.Id, Version = version, Input = new JsonObject { ["n"] = i } });
                }
                finally
                {
                    gate.Release();
                }
            }));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var completed = new NpgsqlCommand($"SELECT count(*) FILTER (WHERE status = 'Completed'), count(*) FILTER (WHERE status IN ('Faulted', 'Cancelled', 'Terminated', 'TimedOut')) FROM {schema}.instances", connection);
            while (true)
            {
                long done, failed;
                await using (var reader = await completed.ExecuteReaderAsync())
                {
                    await reader.ReadAsync();
                    (done, failed) = (reader.GetInt64(0), reader.GetInt64(1));
                }
                if (failed > 0) throw new InvalidOperationException($"{failed} instance(s) did not complete");
                if (done == instances) break;
                await Task.Delay(50);
            }
            return instances * nodes / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var runtime in engines) await runtime.DisposeAsync();
            foreach (var store in stores) await store.DisposeAsync();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    private static string NewSchema() => $"bench_{Guid.NewGuid():N}"[..20];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
