using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Weft.Activities.Tests.OpenAiTestServer;
using Weft.Engine.Tests.Storage;
using Xunit.Abstractions;

namespace Weft.WorkflowServer.Tests.Postgres;

/// <summary>
/// Several real server processes on one PostgreSQL schema: work spreads, signals and stop requests sent to one server
/// reach the instance another server runs, live events stream from any server, a PostgreSQL restart is survived.
/// Where a test must show that a notification (not a poll) did the work, the servers' polls are set to 30 s.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>Slot 0 serves queue <c>default</c> (and polls slowly); slot 1 serves only <c>elsewhere</c>, so it never runs the test's instances.</summary>
    private static Dictionary<string, string> OneRunsOneServes(int slot, Dictionary<string, string>? more = null)
    {
        var settings = slot == 0
            ? new Dictionary<string, string> { ["Weft__Runtime__PollInterval"] = "00:00:30" }
            : new Dictionary<string, string> { ["Weft__Runtime__Queues__0"] = "elsewhere", ["Weft__Events__StorePollInterval"] = "00:00:30" };
        foreach (var (name, value) in more ?? []) settings[name] = value;
        return settings;
    }

    [PostgresFact]
    public async Task ThreeServers_ManyInstances_EachServerCompletesAShare()
    {
        const int count = 45;
        // Two instances at a time per server, each holding its slot through a 300 ms timer: no server can take it all.
        await using var farm = await ServerFarm.StartAsync(cluster, 3, Lease, _ => new Dictionary<string, string> { ["Weft__Runtime__MaxConcurrentInstances"] = "2" });
        await farm[0].Client.CreateAsync(ScaleOutWorkflows.Chain("spread", 3, pause: "00:00:00.300"));
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add(await farm[i % 3].Client.StartAsync("""{ "definitionId": "spread" }"""));
        foreach (var id in ids) await Polling.UntilStatusAsync(farm[0].Client, id, "completed", TimeSpan.FromSeconds(60));

        var shares = await ChaosTests.CompletionsPerServerAsync(farm);
        output.WriteLine($"node completions per server: {shares}");
        var perServer = shares.Split(", ").ToDictionary(p => p.Split('=')[0], p => int.Parse(p.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var server in new[] { "s0", "s1", "s2" })
            perServer.GetValueOrDefault(server).ShouldBeGreaterThan(0, $"{server} completed nothing: {shares}");
    }

    [PostgresFact]
    public async Task Signal_SentToAnotherServer_ResumesTheSuspendedInstanceAtOnce()
    {
        await using var farm = await ServerFarm.StartAsync(cluster, 2, Lease, slot => OneRunsOneServes(slot));
        var (runner, other) = (farm[0].Client, farm[1].Client);
        await other.CreateAsync(Workflows.WaitForSignal());
        var id = await other.StartAsync("""{ "definitionId": "waiter" }""");
        await Polling.UntilStatusAsync(other, id, "suspended", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        (await other.PostJsonAsync($"api/instances/{id}/signals/x", """{ "v": 42 }""")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        // The server that runs "default" polls every 30 s: only the work notification can wake it this soon.
        var done = await Polling.UntilStatusAsync(runner, id, "completed", TimeSpan.FromSeconds(10));
        output.WriteLine($"signalled on s1, completed by s0 after {clock.ElapsedMilliseconds} ms");
        done["output"]!["got"]!["v"]!.GetValue<int>().ShouldBe(42);
    }

    [PostgresFact]
    public async Task Cancel_SentToAnotherServer_StopsTheRunItsOwnerHolds()
    {
        // The owner keeps the instance (and its lease) through a 60 s timer. It polls every 30 s and renews its 30 s lease
        // every 10 s (when it would also see a stop request): within 5 s only the notification can have told it.
        await using var farm = await ServerFarm.StartAsync(cluster, 2, Lease, slot => OneRunsOneServes(slot, new Dictionary<string, string>
        {
            ["Weft__Runtime__InMemoryWaitThreshold"] = "00:05:00",
            ["Weft__Runtime__LeaseDuration"] = "00:00:30",
        }));
        var other = farm[1].Client;
        await other.CreateAsync(ScaleOutWorkflows.LongTimer("long"));
        foreach (var stop in new[] { "cancel", "terminate" })
        {
            var id = await other.StartAsync("""{ "definitionId": "long" }""");
            await Polling.UntilAsync(other, id, s => s["status"]!.GetValue<string>() == "running" && s["progress"]!["finished"]!.GetValue<int>() >= 1,
                TimeSpan.FromSeconds(30), "running its timer");
            (await farm.ScalarAsync<long>($"SELECT count(*) FROM work_queue WHERE instance_id = '{id}' AND lease_owner = '{farm.WorkerId(0)}'"))
                .ShouldBe(1, "s0 must hold the instance while its timer runs");

            var clock = Stopwatch.StartNew();
            (await other.PostAsync($"api/instances/{id}/{stop}", null)).IsSuccessStatusCode.ShouldBeTrue();
            var expected = stop == "cancel" ? "cancelled" : "terminated";
            await Polling.UntilStatusAsync(other, id, expected, TimeSpan.FromSeconds(5));
            output.WriteLine($"{stop} sent to s1, instance run by s0 {expected} after {clock.ElapsedMilliseconds} ms");
        }
    }

    [PostgresFact]
    public async Task Cancel_WhoseNotificationWasLost_StopsTheRunAtTheOwnersNextLeaseRenewal()
    {
        await using var farm = await ServerFarm.StartAsync(cluster, 1, Lease, slot => OneRunsOneServes(slot, new Dictionary<string, string> { ["Weft__Runtime__InMemoryWaitThreshold"] = "00:05:00" }));
        var client = farm[0].Client;
        await client.CreateAsync(ScaleOutWorkflows.LongTimer("long"));
        var id = await client.StartAsync("""{ "definitionId": "long" }""");
        await Polling.UntilAsync(client, id, s => s["status"]!.GetValue<string>() == "running" && s["progress"]!["finished"]!.GetValue<int>() >= 1,
            TimeSpan.FromSeconds(30), "running its timer");

        // Recorded as the store would, but with no NOTIFY: as if the owner's listener was reconnecting at that moment.
        var clock = Stopwatch.StartNew();
        (await farm.ScalarAsync<int>($"WITH stopped AS (UPDATE instances SET cancel_request = 'Cancel' WHERE id = '{id}' RETURNING 1) SELECT count(*)::int FROM stopped")).ShouldBe(1);
        await Polling.UntilStatusAsync(client, id, "cancelled", Lease * 3);
        output.WriteLine($"cancel without a notification seen after {clock.ElapsedMilliseconds} ms (lease {Lease.TotalSeconds:0} s, renewal every {Lease.TotalSeconds / 3:0.0} s)");
    }

    [PostgresFact]
    public async Task EventStream_OnAnotherServer_SeesEventsAndTokensPromptlyInOrder_AndResumesExactly()
    {
        await using var llm = await OpenAiTestServer.StartAsync();
        llm.Model("m").Otherwise = ScriptedReply.WithText("one two three four five six") with { ChunkDelay = TimeSpan.FromMilliseconds(150) };
        var alias = new Dictionary<string, string>
        {
            ["Weft__Models__chat__Endpoint"] = llm.Endpoint.ToString(),
            ["Weft__Models__chat__Model"] = "m",
            ["Weft__Models__chat__ApiKey"] = "test-key",
        };
        await using var farm = await ServerFarm.StartAsync(cluster, 2, Lease, slot => OneRunsOneServes(slot, alias));
        var watcher = farm[1].Client; // serves no queue, polls its store every 30 s: only notifications bring B's events soon
        await watcher.CreateAsync(ScaleOutWorkflows.Chat("chat"));

        var clock = Stopwatch.StartNew();
        var id = await watcher.StartAsync("""{ "definitionId": "chat" }""");
        List<SseFrame> events;
        using (var stream = await SseReader.OpenAsync(watcher, $"api/instances/{id}/events", cancellationToken: ServerSetup.Timeout()))
            events = await stream.ReadToEndAsync(ServerSetup.Timeout(20));
        output.WriteLine($"{events.Count} events on s1 for the instance s0 ran, in {clock.ElapsedMilliseconds} ms: {string.Join(", ", events.Select(e => $"{e.Id}:{e.Event}"))}");

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "events came by the 30 s poll, not by notification");
        events.Select(e => e.Id!.Value).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i), "ids must run 1, 2, 3… without gaps or repeats");
        events.Count(e => e.Event == "token").ShouldBeGreaterThanOrEqualTo(6);
        events[^1].Event.ShouldBe("instance.completed");
        var tokens = string.Concat(events.Where(e => e.Event == "token").Select(e => e.Data!["data"]?["delta"]?.GetValue<string>() ?? e.Data!["delta"]?.GetValue<string>()));
        tokens.ShouldBe("one two three four five six");

        // Re-attach after the third event: exactly the rest, the same ids and types.
        var resumeAfter = events[2].Id!.Value;
        using var again = await SseReader.OpenAsync(watcher, $"api/instances/{id}/events", resumeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), ServerSetup.Timeout());
        var rest = await again.ReadToEndAsync(ServerSetup.Timeout());
        rest.Select(e => (e.Id, e.Event)).ShouldBe(events.Skip(3).Select(e => (e.Id, e.Event)));
    }

    [PostgresFact]
    public async Task PostgresRestartedUnderLoad_ServersReconnect_AndFinishTheWork()
    {
        const int count = 120;
        await using var farm = await ServerFarm.StartAsync(cluster, 2, Lease);
        await farm[0].Client.CreateAsync(ScaleOutWorkflows.Chain("restart", 4, pause: "00:00:04"));
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add(await farm[i % 2].Client.StartAsync("""{ "definitionId": "restart" }"""));

        var before = await farm.ScalarAsync<long>("SELECT count(*) FROM instances WHERE status = 'Completed'");
        var clock = Stopwatch.StartNew();
        await cluster.RestartAsync();
        output.WriteLine($"PostgreSQL restarted in {clock.ElapsedMilliseconds} ms with {before} of {count} instances completed");
        before.ShouldBeLessThan(count, "the restart must land while work remains");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await farm.ScalarAsync<long>("SELECT count(*) FROM instances WHERE status = 'Completed'") < count)
        {
            (await farm.ScalarAsync<long>("SELECT count(*) FROM instances WHERE status IN ('Faulted', 'Cancelled', 'Terminated', 'TimedOut')"))
                .ShouldBe(0, farm.Output);
            await Task.Delay(200, deadline.Token);
        }
        output.WriteLine($"all {count} completed {clock.ElapsedMilliseconds} ms after the restart");
        (await farm.ScalarAsync<long>("SELECT count(*) FROM (SELECT instance_id, node_id FROM journal WHERE status = 'Completed' GROUP BY 1, 2 HAVING count(*) <> 1) twice"))
            .ShouldBe(0, "a node completed more than once");
        foreach (var slot in new[] { 0, 1 })
            (await farm[slot].Client.GetAsync("health")).StatusCode.ShouldBe(HttpStatusCode.OK, $"s{slot} is not healthy after the restart");
    }

    [PostgresFact]
    public async Task ThreeServers_StartAtOnceOnAnEmptySchema_MigrateItOnce_AndServe()
    {
        await using var farm = await ServerFarm.StartAsync(cluster, 3, Lease); // started together: they race to migrate
        var applied = await farm.ScalarAsync<long>("SELECT count(*) FROM schema_migrations");
        applied.ShouldBeGreaterThan(0);
        (await farm.ScalarAsync<long>("SELECT count(DISTINCT version) FROM schema_migrations")).ShouldBe(applied);
        (await farm.ScalarAsync<long>("SELECT max(version)::bigint FROM schema_migrations")).ShouldBe(applied, "versions 1…n, each once");

        await farm[2].Client.CreateAsync(Workflows.Hello());
        var id = await farm[1].Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "Ada" } }""");
        var done = await Polling.UntilStatusAsync(farm[0].Client, id, "completed", TimeSpan.FromSeconds(30));
        done["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, Ada!");
    }

    [PostgresFact]
    public async Task Start_UnreachableOrMissingDatabase_ExitsWithOneClearLine()
    {
        var directory = Directory.CreateTempSubdirectory("weft-badpg-").FullName;
        try
        {
            var refused = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Port = FreePort(), Database = "nowhere_db", Timeout = 5 };
            var missing = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "no_such_database" };
            foreach (var (connectionString, endpoint) in new[]
            {
                (refused.ConnectionString, $"127.0.0.1:{refused.Port}"),
                (missing.ConnectionString, $"127.0.0.1:{missing.Port}"),
            })
            {
                var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
                var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(directory, new Dictionary<string, string>
                {
                    ["ConnectionStrings__weft"] = connectionString,
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                }, TimeSpan.FromSeconds(60));
                output.WriteLine($"exit {exitCode}; stderr: {stderr.Trim()}");
                exitCode.ShouldBe(3, stdout + stderr);
                stderr.ShouldContain(endpoint);
                stderr.ShouldContain(database);
                stderr.ShouldNotContain("   at ", customMessage: "stderr must hold the message, not a stack trace");
                stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
