using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.Engine.Monitoring;
using Weft.Engine.Storage.Sqlite;
using Weft.WorkflowServer.Api;
using Weft.WorkflowServer.Hosting;

namespace Weft.Bench;

/// <summary>
/// The metrics API over one million journal rows (SQLite), for a one-day window, against the floor measured in the same
/// run: a plain <c>SELECT count(*)</c> of the window's journal rows (the same index range, nothing aggregated). Rows are
/// seeded with bulk inserts: 20 workflows × 5 nodes, one instance per 5 rows, spread evenly over <c>days</c> days, so a
/// one-day window holds rows/days of them; 1 in 10 attempts failed and retried, 1 in 5 nodes reports tokens.
/// Measures the store's three queries and the two HTTP endpoints (in-process Kestrel on 127.0.0.1). Goal: under 100 ms.
/// Usage: dotnet run -c Release --project bench/Weft.Bench -- metrics [rows=1000000] [days=10] [iterations=20] [keep-directory]
/// [postgres=CONNECTION-STRING] (with a keep-directory the seeded SQLite database stays there, to inspect query plans;
/// "-" for none; with postgres= the same rows are seeded and measured on PostgreSQL too: <see cref="MetricsBenchmarkPostgres"/>).
/// </summary>
internal static class MetricsBenchmark
{
    private const int Workflows = 20;
    private const int NodesPerInstance = 5;
    private static readonly DateTimeOffset End = new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        var days = args.Length > 1 ? int.Parse(args[1]) : 10;
        var iterations = args.Length > 2 ? int.Parse(args[2]) : 20;
        var keep = args.Length > 3 && args[3] != "-" ? Directory.CreateDirectory(args[3]).FullName : null;
        var postgres = args.FirstOrDefault(a => a.StartsWith("postgres=", StringComparison.Ordinal))?["postgres=".Length..];
        var directory = keep ?? Directory.CreateTempSubdirectory("weft-bench-metrics-").FullName;
        var path = Path.Combine(directory, "weft.db");
        try
        {
            await using (var store = await SqliteWorkflowStore.OpenAsync(path)) { } // migrated schema
            var seeding = Stopwatch.StartNew();
            Seed(path, rows, days);
            Console.WriteLine($"seeded {rows:N0} journal rows ({rows / NodesPerInstance:N0} instances) over {days} days in {seeding.Elapsed.TotalSeconds:0.0} s");

            var window = new MetricsWindow(End.AddDays(-1), End);
            var query = $"from={Uri.EscapeDataString(window.From.ToString("O"))}&to={Uri.EscapeDataString(window.To.ToString("O"))}";
            using (var raw = new SqliteConnection($"Data Source={path};Mode=ReadOnly"))
            {
                raw.Open();
                using var count = raw.CreateCommand();
                count.CommandText = "SELECT count(*) FROM journal WHERE started_at >= @from AND started_at < @to";
                count.Parameters.AddWithValue("@from", window.From.ToUnixTimeMilliseconds());
                count.Parameters.AddWithValue("@to", window.To.ToUnixTimeMilliseconds());
                Console.WriteLine($"journal rows in the one-day window: {count.ExecuteScalar():N0}");
                await MeasureAsync("floor: SELECT count(*) of the window", iterations, () => Task.FromResult(count.ExecuteScalar()));
            }

            await using (var store = await SqliteWorkflowStore.OpenAsync(path))
            {
                await MeasureAsync("store: workflows", iterations, () => store.GetWorkflowMetricsAsync(window));
                await MeasureAsync("store: nodes (all workflows)", iterations, () => store.GetNodeMetricsAsync(window));
                await MeasureAsync("store: activity types", iterations, () => store.GetActivityMetricsAsync(window));
            }

            await using var app = await StartServerAsync(directory, path);
            using var http = new HttpClient { BaseAddress = AddressOf(app) };
            await MeasureAsync("GET /api/metrics/workflows", iterations, () => http.GetStringAsync($"api/metrics/workflows?{query}"));
            await MeasureAsync("GET /api/metrics/workflows/wf-3", iterations, () => http.GetStringAsync($"api/metrics/workflows/wf-3?{query}"));
            await MeasureAsync("GET /api/metrics/activities", iterations, () => http.GetStringAsync($"api/metrics/activities?{query}"));
            if (postgres is not null)
                await MetricsBenchmarkPostgres.RunAsync(postgres, rows, days, iterations, End);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep is null)
            {
                try { Directory.Delete(directory, recursive: true); }
                catch (IOException) { /* best effort */ }
            }
        }
    }

    /// <summary>Bulk inserts in one transaction with prepared statements, as the store's own rows look.</summary>
    private static void Seed(string path, int rows, int days)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            pragma.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var instance = connection.CreateCommand();
        instance.CommandText = """
            INSERT INTO instances (id, definition_id, definition_version, status, queue, created_at, updated_at, completed_at, state)
            VALUES (@id, @definition_id, 1, @status, 'default', @created_at, @completed_at, @completed_at, '{}')
            """;
        var iId = instance.Parameters.Add("@id", SqliteType.Text);
        var iDefinition = instance.Parameters.Add("@definition_id", SqliteType.Text);
        var iStatus = instance.Parameters.Add("@status", SqliteType.Text);
        var iCreated = instance.Parameters.Add("@created_at", SqliteType.Integer);
        var iCompleted = instance.Parameters.Add("@completed_at", SqliteType.Integer);
        using var journal = connection.CreateCommand();
        journal.CommandText = """
            INSERT INTO journal (id, instance_id, definition_id, scope, node_id, activity_type, attempt, status, output, started_at, ended_at)
            VALUES (@id, @instance_id, @definition_id, '', @node_id, @activity_type, @attempt, @status, @output, @started_at, @ended_at)
            """;
        var jId = journal.Parameters.Add("@id", SqliteType.Text);
        var jInstance = journal.Parameters.Add("@instance_id", SqliteType.Text);
        var jDefinition = journal.Parameters.Add("@definition_id", SqliteType.Text);
        var jNode = journal.Parameters.Add("@node_id", SqliteType.Text);
        var jType = journal.Parameters.Add("@activity_type", SqliteType.Text);
        var jAttempt = journal.Parameters.Add("@attempt", SqliteType.Integer);
        var jStatus = journal.Parameters.Add("@status", SqliteType.Text);
        var jOutput = journal.Parameters.Add("@output", SqliteType.Text);
        var jStarted = journal.Parameters.Add("@started_at", SqliteType.Integer);
        var jEnded = journal.Parameters.Add("@ended_at", SqliteType.Integer);
        instance.Prepare();
        journal.Prepare();

        foreach (var seeded in Rows(rows, days, End))
        {
            iId.Value = seeded.Id;
            iDefinition.Value = seeded.DefinitionId;
            iStatus.Value = seeded.Status;
            iCreated.Value = seeded.CreatedAt;
            iCompleted.Value = seeded.CompletedAt;
            instance.ExecuteNonQuery();
            foreach (var row in seeded.Attempts)
            {
                jId.Value = row.Id;
                jInstance.Value = seeded.Id;
                jDefinition.Value = seeded.DefinitionId;
                jNode.Value = row.NodeId;
                jType.Value = row.ActivityType;
                jAttempt.Value = 1;
                jStatus.Value = row.Status;
                jOutput.Value = row.Output;
                jStarted.Value = row.StartedAt;
                jEnded.Value = row.EndedAt;
                journal.ExecuteNonQuery();
            }
        }
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
    }

    internal sealed record SeededInstance(string Id, string DefinitionId, string Status, long CreatedAt, long CompletedAt, IReadOnlyList<SeededAttempt> Attempts);

    internal sealed record SeededAttempt(string Id, string NodeId, string ActivityType, string Status, string Output, long StartedAt, long EndedAt);

    /// <summary>
    /// The seeded data (deterministic): instances spread evenly over <paramref name="days"/> days before <paramref name="end"/>,
    /// 5 sequential nodes each taking 5–504 ms; 1 in 10 attempts fails — retried, or failed for good on the last node (the
    /// instance is then Faulted); the two AI nodes report tokens when they complete.
    /// </summary>
    internal static IEnumerable<SeededInstance> Rows(int rows, int days, DateTimeOffset end)
    {
        var random = new Random(7);
        var instances = rows / NodesPerInstance;
        var start = end.AddDays(-days).ToUnixTimeMilliseconds();
        var spacing = (double)days * 86_400_000 / instances;
        string[] types = ["http.request", "ai.chat", "vars.set", "script.js", "ai.classify"];
        for (var i = 0; i < instances; i++)
        {
            var id = $"i{i:D7}";
            var created = start + (long)(i * spacing);
            var at = created;
            var attempts = new List<SeededAttempt>(NodesPerInstance);
            for (var n = 0; n < NodesPerInstance; n++)
            {
                var duration = 5 + random.Next(500);
                var status = random.Next(10) == 0 ? (n == NodesPerInstance - 1 ? "Failed" : "Retrying") : "Completed";
                var output = types[n].StartsWith("ai.", StringComparison.Ordinal) && status == "Completed"
                    ? $$$"""{"text":"ok","usage":{"inputTokens":{{{duration}}},"outputTokens":20,"totalTokens":{{{duration + 20}}}}}"""
                    : """{"ok":true}""";
                attempts.Add(new SeededAttempt($"{id}-{n}", $"node-{n}", types[n], status, output, at, at + duration));
                at += duration;
            }
            yield return new SeededInstance(id, $"wf-{i % Workflows}", attempts[^1].Status == "Failed" ? "Faulted" : "Completed", created, at, attempts);
        }
    }

    internal static async Task MeasureAsync<T>(string what, int iterations, Func<Task<T>> run)
    {
        for (var i = 0; i < 3; i++) await run(); // warm-up: caches, JIT, prepared statements
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{what,-40} median {times[iterations / 2],8:0.0} ms   p95 {times[(int)Math.Ceiling(iterations * 0.95) - 1],8:0.0} ms   min {times[0],8:0.0} ms");
    }

    private static async Task<WebApplication> StartServerAsync(string directory, string path)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Weft:Store:Sqlite:Path"] = path,
            ["Weft:Data:Directory"] = Path.Combine(directory, "data"),
            ["Weft:Alerts:Enabled"] = "false",
        });
        builder.AddWorkflowServer();
        var app = builder.Build();
        app.UseWorkflowServer();
        app.MapWorkflowApi();
        await app.StartAsync();
        return app;
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
}
