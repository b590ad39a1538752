using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Weft.Engine.Monitoring;
using Weft.Engine.Storage.Postgres;

namespace Weft.Bench;

/// <summary>
/// The metrics queries on PostgreSQL over the same seeded rows as <see cref="MetricsBenchmark"/>, in a schema of their
/// own (dropped afterwards), seeded with COPY, then ANALYZE and VACUUM so the covering indexes give index-only scans.
/// Floor: <c>SELECT count(*)</c> of the window's journal rows.
/// Usage: dotnet run -c Release --project bench/Weft.Bench -- metrics [rows] [days] [iterations] [keep-directory|-] "postgres=Host=…;Username=…;Database=…"
/// </summary>
internal static class MetricsBenchmarkPostgres
{
    public static async Task RunAsync(string connectionString, int rows, int days, int iterations, DateTimeOffset end)
    {
        var schema = $"bench_metrics_{Guid.NewGuid():N}"[..30];
        await using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema });
        await store.InitializeAsync();
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        try
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(connection, rows, days, end);
            Console.WriteLine($"postgres: seeded {rows:N0} journal rows in {seeding.Elapsed.TotalSeconds:0.0} s (schema {schema})");

            var window = new MetricsWindow(end.AddDays(-1), end);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM journal WHERE started_at >= @from AND started_at < @to", connection);
            count.Parameters.AddWithValue("from", window.From);
            count.Parameters.AddWithValue("to", window.To);
            Console.WriteLine($"postgres: journal rows in the one-day window: {await count.ExecuteScalarAsync():N0}");
            await MetricsBenchmark.MeasureAsync("postgres floor: SELECT count(*)", iterations, () => count.ExecuteScalarAsync());
            await MetricsBenchmark.MeasureAsync("postgres store: workflows", iterations, () => store.GetWorkflowMetricsAsync(window));
            await MetricsBenchmark.MeasureAsync("postgres store: workflow wf-3 + its nodes", iterations, async () =>
                (await store.GetWorkflowMetricsAsync(window, "wf-3"), await store.GetNodeMetricsAsync(window, "wf-3")));
            await MetricsBenchmark.MeasureAsync("postgres store: nodes (all workflows)", iterations, () => store.GetNodeMetricsAsync(window));
            await MetricsBenchmark.MeasureAsync("postgres store: activity types", iterations, () => store.GetActivityMetricsAsync(window));
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task SeedAsync(NpgsqlConnection connection, int rows, int days, DateTimeOffset end)
    {
        var seeded = MetricsBenchmark.Rows(rows, days, end).ToList();
        await using (var instances = await connection.BeginBinaryImportAsync(
            "COPY instances (id, definition_id, definition_version, status, queue, created_at, updated_at, completed_at, state) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var instance in seeded)
            {
                await instances.StartRowAsync();
                await instances.WriteAsync(instance.Id, NpgsqlDbType.Text);
                await instances.WriteAsync(instance.DefinitionId, NpgsqlDbType.Text);
                await instances.WriteAsync(1, NpgsqlDbType.Integer);
                await instances.WriteAsync(instance.Status, NpgsqlDbType.Text);
                await instances.WriteAsync("default", NpgsqlDbType.Text);
                await instances.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(instance.CreatedAt), NpgsqlDbType.TimestampTz);
                await instances.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(instance.CompletedAt), NpgsqlDbType.TimestampTz);
                await instances.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(instance.CompletedAt), NpgsqlDbType.TimestampTz);
                await instances.WriteAsync("{}", NpgsqlDbType.Json);
            }
            await instances.CompleteAsync();
        }
        await using (var journal = await connection.BeginBinaryImportAsync(
            "COPY journal (id, instance_id, definition_id, scope, node_id, activity_type, attempt, status, output, started_at, ended_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var instance in seeded)
            {
                foreach (var row in instance.Attempts)
                {
                    await journal.StartRowAsync();
                    await journal.WriteAsync(row.Id, NpgsqlDbType.Text);
                    await journal.WriteAsync(instance.Id, NpgsqlDbType.Text);
                    await journal.WriteAsync(instance.DefinitionId, NpgsqlDbType.Text);
                    await journal.WriteAsync("", NpgsqlDbType.Text);
                    await journal.WriteAsync(row.NodeId, NpgsqlDbType.Text);
                    await journal.WriteAsync(row.ActivityType, NpgsqlDbType.Text);
                    await journal.WriteAsync(1, NpgsqlDbType.Integer);
                    await journal.WriteAsync(row.Status, NpgsqlDbType.Text);
                    await journal.WriteAsync(row.Output, NpgsqlDbType.Json);
                    await journal.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt), NpgsqlDbType.TimestampTz);
                    await journal.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.EndedAt), NpgsqlDbType.TimestampTz);
                }
            }
            await journal.CompleteAsync();
        }
        foreach (var table in new[] { "instances", "journal" })
        {
            // One statement per command: VACUUM refuses to run inside a multi-statement batch.
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync();
        }
    }
}
