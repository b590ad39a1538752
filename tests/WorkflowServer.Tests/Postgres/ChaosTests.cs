using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Weft.Engine.Tests.Storage;
using Xunit.Abstractions;

namespace Weft.WorkflowServer.Tests.Postgres;

/// <summary>
/// Three server processes on one PostgreSQL run many instances of a 10-node workflow while a random server is
/// SIGKILLed every few seconds and started again (as a new worker). Every instance must complete, every node exactly
/// once, and no instance may stay leased by a dead process much longer than its lease.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChaosTests(PostgresCluster cluster, ITestOutputHelper output)
{
    private const int Steps = 9;

    /// <summary>
    /// A timer after the first step keeps every instance alive across a kill or two: the vars.set steps are inline and
    /// commit together, so without it 1,000 instances finish before the first kill. Nodes per instance: 9 steps + the timer = 10.
    /// </summary>
    private const string Pause = "00:00:01.500";

    private const int Nodes = Steps + 1;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillEvery = TimeSpan.FromSeconds(3);

    /// <summary>After a kill, the dead worker's leases expire within <see cref="Lease"/>; a live server's poll (1 s) then claims them. The rest is slack for a busy machine.</summary>
    private static readonly TimeSpan DeadLeaseBound = Lease + TimeSpan.FromSeconds(6);

    /// <summary>1,000; outside CI <c>WEFT_CHAOS_INSTANCES</c> may lower it for a quick local run.</summary>
    private static int InstanceCount() =>
        !PostgresBinaries.IsCi && int.TryParse(Environment.GetEnvironmentVariable("WEFT_CHAOS_INSTANCES"), CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : 1000;

    [PostgresFact]
    public async Task ThreeServers_RandomServerKilledEveryFewSeconds_EveryInstanceCompletesAndEveryNodeOnce()
    {
        var count = InstanceCount();
        var clock = Stopwatch.StartNew();
        await using var farm = await ServerFarm.StartAsync(cluster, 3, Lease);
        output.WriteLine($"{clock.Elapsed:mm\\:ss} three servers up on schema {farm.Schema}");
        await farm[0].Client.CreateAsync(ScaleOutWorkflows.Chain("chaos", Steps, Pause));

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var dead = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal); // worker id → killed at
        var log = new List<string>();
        var chaos = ChaosAsync(farm, dead, log, clock, deadline.Token);
        var starting = StartAllAsync(farm, count, deadline.Token);

        var longestDeadLease = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(500, deadline.Token); // polling the database: the test is not a process of the farm
                longestDeadLease = Max(longestDeadLease, await CheckDeadLeasesAsync(farm, dead));
                var (completed, failed) = await CountAsync(farm);
                failed.ShouldBe(0, $"instances ended other than Completed\n{farm.Output}");
                if (starting.IsCompleted && completed == count) break;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var (completed, _) = await CountAsync(farm);
            throw new TimeoutException($"{completed} of {count} instances completed in 3 minutes; kills: {string.Join("; ", log)}\n{farm.Output}");
        }
        await starting;
        await deadline.CancelAsync();
        await chaos;

        // The journal: each of the count × 10 nodes completed exactly once; nothing left Running.
        (await farm.ScalarAsync<long>("SELECT count(*) FROM (SELECT instance_id, node_id FROM journal WHERE status = 'Completed' GROUP BY 1, 2 HAVING count(*) <> 1) twice"))
            .ShouldBe(0, "a node completed more than once");
        (await farm.ScalarAsync<long>("SELECT count(DISTINCT (instance_id, node_id)) FROM journal WHERE status = 'Completed'")).ShouldBe((long)count * Nodes);
        (await farm.ScalarAsync<long>("SELECT count(*) FROM journal WHERE status = 'Running'")).ShouldBe(0, "a journal row was left Running");
        var interrupted = await farm.ScalarAsync<long>("SELECT count(*) FROM journal WHERE status = 'Interrupted'");
        longestDeadLease.ShouldBeLessThanOrEqualTo(DeadLeaseBound, "a dead process kept a lease too long");

        output.WriteLine($"{clock.Elapsed:mm\\:ss} all {count} instances completed; {count * Nodes} nodes each completed once; {interrupted} interrupted attempt(s) re-run");
        output.WriteLine($"kills and restarts ({log.Count}): {string.Join("; ", log)}");
        output.WriteLine($"longest a dead worker still held a lease after its kill: {longestDeadLease.TotalSeconds:0.0} s (bound {DeadLeaseBound.TotalSeconds:0} s, lease {Lease.TotalSeconds:0} s)");
        output.WriteLine($"node completions per server: {await CompletionsPerServerAsync(farm)}");
        log.Count.ShouldBeGreaterThan(0, "the test must have killed a server while work ran");
    }

    /// <summary>Starts the instances with ids of our own, so a request lost with a killed server is simply sent again elsewhere.</summary>
    private static async Task StartAllAsync(ServerFarm farm, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async lane =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = $$"""{ "definitionId": "chaos", "instanceId": "c{{i:D5}}" }""";
                for (var attempt = 0; ; attempt++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        using var response = await farm.AnyClient(i + attempt).PostJsonAsync("api/instances", body);
                        if (response.IsSuccessStatusCode) break;
                        if ((int)response.StatusCode < 500) response.EnsureSuccessStatusCode(); // a 4xx is a bug, not chaos
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                    {
                        // That server was killed (or is restarting): the next attempt goes to another.
                    }
                    await Task.Delay(100, cancellationToken);
                }
            }
        }));
    }

    /// <summary>Every <see cref="KillEvery"/>: SIGKILL a random running server (keeping one up), and start it again as a new worker.</summary>
    private async Task ChaosAsync(ServerFarm farm, Dictionary<string, DateTimeOffset> dead, List<string> log, Stopwatch clock, CancellationToken cancellationToken)
    {
        var random = new Random(5);
        var restarts = new List<Task>();
        try
        {
            while (true)
            {
                await Task.Delay(KillEvery, cancellationToken);
                var running = Enumerable.Range(0, farm.Count).Where(farm.IsRunning).ToList();
                if (running.Count < 2) continue;
                var slot = running[random.Next(running.Count)];
                var worker = farm.Kill(slot);
                lock (dead) dead[worker] = DateTimeOffset.UtcNow;
                lock (log) log.Add($"{clock.Elapsed:mm\\:ss} killed {worker}");
                restarts.Add(Task.Run(async () =>
                {
                    await farm.RestartAsync(slot);
                    lock (log) log.Add($"{clock.Elapsed:mm\\:ss} restarted s{slot} as {farm.WorkerId(slot)}");
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
        try { await Task.WhenAll(restarts); }
        catch (Exception ex) { output.WriteLine($"a restart failed: {ex.Message}"); }
    }

    /// <summary>The longest any killed worker has still held a lease since its kill.</summary>
    private static async Task<TimeSpan> CheckDeadLeasesAsync(ServerFarm farm, Dictionary<string, DateTimeOffset> dead)
    {
        KeyValuePair<string, DateTimeOffset>[] killed;
        lock (dead) killed = [.. dead];
        if (killed.Length == 0) return TimeSpan.Zero;
        await using var connection = await farm.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT lease_owner FROM work_queue WHERE lease_owner = ANY(@dead)", connection);
        command.Parameters.AddWithValue("dead", killed.Select(k => k.Key).ToArray());
        var longest = TimeSpan.Zero;
        var now = DateTimeOffset.UtcNow;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var owner = reader.GetString(0);
            longest = Max(longest, now - killed.First(k => k.Key == owner).Value);
        }
        return longest;
    }

    private static async Task<(long Completed, long Failed)> CountAsync(ServerFarm farm)
    {
        await using var connection = await farm.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status = 'Completed'), count(*) FILTER (WHERE status IN ('Faulted', 'Cancelled', 'Terminated', 'TimedOut'))
            FROM instances
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    internal static async Task<string> CompletionsPerServerAsync(ServerFarm farm)
    {
        await using var connection = await farm.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(output->>'by', '?'), count(*) FROM journal WHERE status = 'Completed' AND output->>'by' IS NOT NULL GROUP BY 1 ORDER BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var parts = new List<string>();
        while (await reader.ReadAsync()) parts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        return string.Join(", ", parts);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
