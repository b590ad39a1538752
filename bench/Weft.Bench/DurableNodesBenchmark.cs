using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Bench;

/// <summary>
/// Durable sequential nodes per second on SQLite, against the floor measured in the same run: raw
/// single-row INSERT commits per second on a file with the same pragmas (WAL, and the same
/// synchronous level: NORMAL — durable across a process kill, no fsync per commit — and FULL — an
/// fsync per commit, durable across power loss).
/// Usage: dotnet run -c Release --project bench/Weft.Bench -- durable [instances=2000] [nodes=10] [concurrency list=1,64] [synchronous=normal,full] [inline=on,off]
/// </summary>
internal static class DurableNodesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var instances = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var nodes = args.Length > 1 ? int.Parse(args[1]) : 10;
        var directory = Directory.CreateTempSubdirectory("weft-bench-").FullName;
        try
        {
            var levels = args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : [1, 64];
            var levelsOfSync = args.Length > 3 ? args[3].Split(',').Select(l => Enum.Parse<SqliteSynchronous>(l, ignoreCase: true)).ToArray() : [SqliteSynchronous.Normal, SqliteSynchronous.Full];
            var modes = args.Length > 4 ? BenchWorkflows.CommitModes.Where(m => args[4].Contains(m.MaxInlineNodesPerCommit == 0 ? "off" : "on", StringComparison.Ordinal)).ToArray() : BenchWorkflows.CommitModes;
            foreach (var synchronous in levelsOfSync)
            {
                var floor = RawCommitsPerSecond(Path.Combine(directory, $"floor-{synchronous}.db"), synchronous, TimeSpan.FromSeconds(3));
                Console.WriteLine($"synchronous={synchronous.ToString().ToUpperInvariant()}");
                Console.WriteLine($"  floor: raw single-row commits/s           {floor,10:N0}");
                foreach (var (mode, maxInline) in modes)
                {
                    foreach (var concurrency in levels)
                    {
                        var count = concurrency == 1 ? Math.Max(20, instances / 20) : instances;
                        var path = Path.Combine(directory, $"engine-{synchronous}-{concurrency}-{maxInline}.db");
                        var rate = await EngineNodesPerSecondAsync(path, synchronous, count, nodes, concurrency, maxInline);
                        Console.WriteLine($"  engine: durable nodes/s, {concurrency,2} instances at once, {mode,-20} {rate,10:N0}   ratio {rate / floor:0.00}x");
                    }
                }
            }
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double RawCommitsPerSecond(string path, SqliteSynchronous synchronous, TimeSpan duration)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous.ToString().ToUpperInvariant()}; CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);";
            pragma.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO rows (payload) VALUES ($p)";
        var p = insert.Parameters.Add("$p", SqliteType.Text);
        var payload = new string('x', 200);
        var watch = Stopwatch.StartNew();
        var commits = 0;
        while (watch.Elapsed < duration)
        {
            p.Value = payload;
            insert.ExecuteNonQuery(); // autocommit: one transaction per row
            commits++;
        }
        return commits / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> EngineNodesPerSecondAsync(string path, SqliteSynchronous synchronous, int instances, int nodes, int concurrency, int maxInlineNodesPerCommit)
    {
        await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path, Synchronous = synchronous });
        await store.InitializeAsync();
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        await using var runtime = new WorkflowRuntime(store, registry, new WorkflowRuntimeOptions { MaxConcurrentInstances = Math.Max(concurrency, 1), MaxInlineNodesPerCommit = maxInlineNodesPerCommit });
        var definition = BenchWorkflows.Sequential(nodes);
        var version = await store.SaveDefinitionAsync(definition);
        await runtime.StartAsync();

        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(concurrency);
        var runs = Enumerable.Range(0, instances).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var started = await runtime.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, Version = version, Input = new JsonObject { ["n"] = i } });
                var done = await runtime.Client.WaitAsync(started.InstanceId);
                if (done.Status != InstanceStatus.Completed) throw new InvalidOperationException($"instance {started.InstanceId} ended {done.Status}");
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(runs);
        return instances * nodes / watch.Elapsed.TotalSeconds;
    }
}
