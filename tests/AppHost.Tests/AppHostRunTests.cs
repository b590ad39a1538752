using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Weft.AppHost.Tests.Supervisor;

namespace Weft.AppHost.Tests;

/// <summary>The whole distributed app, started the way a user starts it (<c>dotnet Weft.AppHost.dll</c>), as a child process.</summary>
public sealed class AppHostRunTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> SqliteSettings = new() { ["Weft__AppHost__Database"] = "sqlite" };

    [Fact]
    public async Task AppHost_SqliteAndEmbeddedVectors_AllHealthyRunsAWorkflowAndCtrlCLeavesNoProcess()
    {
        using var host = AppHostProcess.Start(SqliteSettings);
        await host.WaitForLineAsync(@"^All 4 resources healthy in", StartTimeout);
        host.Output.ShouldContain($"weft: SQLite at {Path.Combine(host.StateDirectory, "weft.db")}");
        host.Output.ShouldContain("For PostgreSQL set ConnectionStrings:weft");
        host.Output.ShouldContain($"vectors: embedded vector store in {Path.Combine(host.StateDirectory, "vectors")}. For Qdrant set Weft:Qdrant:Endpoint");
        var dashboardLine = await host.WaitForLineAsync(@"^\s+dashboard: (http://127\.0\.0\.1:\d+/) — log in with (\S+login\?t=(\w+))$", TimeSpan.FromSeconds(5));
        var dashboard = new Uri(dashboardLine.Groups[1].Value);
        var token = dashboardLine.Groups[3].Value;
        var server = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        var studio = new Uri((await host.WaitForLineAsync(@"^\s+studio\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);

        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            (await http.GetAsync(new Uri(studio, "/health"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var client = new WorkflowServerClient(server))
        {
            await client.PublishAsync(WorkflowServerClient.DelayedHello("apphost-hello", "00:00:00.2"));
            var instance = await client.StartAsync("apphost-hello", "AppHost");
            var ended = await client.WaitEndedAsync(instance, TimeSpan.FromSeconds(30));
            ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
            ended["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, AppHost!");
        }

        File.Exists(Path.Combine(host.StateDirectory, "weft.db")).ShouldBeTrue(); // the server used the AppHost's database

        // The dashboard lists the resources the supervisor runs, and receives the services' telemetry over OTLP.
        using (var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(10) })
        {
            (await http.GetAsync("api/resources")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var resources = await http.GetStringAsync("api/resources");
            resources.ShouldContain("\"workflowserver\"");
            resources.ShouldContain("\"studio\"");
            await WaitUntilAsync(async () => (await http.GetStringAsync("api/telemetry/resources")).Contains("workflowserver", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "the workflow server's telemetry never reached the dashboard");
        }
        Directory.Exists(Path.Combine(host.StateDirectory, "vectors")).ShouldBeTrue();

        var children = ProcessTable.Descendants(host.Id);
        children.Select(ProcessTable.CommandLine).ShouldContain(c => c.Contains("Weft.WorkflowServer.dll", StringComparison.Ordinal));
        children.Select(ProcessTable.CommandLine).ShouldContain(c => c.Contains("Weft.Studio.dll", StringComparison.Ordinal));

        host.Interrupt();
        (await host.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue($"The AppHost did not exit after SIGINT:\n{host.Output}");
        host.ExitCode.ShouldBe(0, host.Output);
        host.Output.ShouldContain("Stopped.");
        children.Where(ProcessTable.IsAlive).ShouldBeEmpty($"left behind: {string.Join(", ", children.Where(ProcessTable.IsAlive).Select(ProcessTable.CommandLine))}");
    }

    [Fact]
    public async Task AppHost_Production_ServerRefusesCallsWithoutTheKeyAndStudioForwardsWithIt()
    {
        // Outside Development the server wants an API key; the AppHost gives the one key to the server and to Studio only
        // (here a configured one, so the test can also call the server as a user given the key would).
        const string key = "apphost-test-key-0123456789";
        using var host = AppHostProcess.Start(new Dictionary<string, string>(SqliteSettings)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Weft__AppHost__ServerApiKey"] = key,
        });
        await host.WaitForLineAsync(@"^All 4 resources healthy in", StartTimeout);
        var server = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        var studio = new Uri((await host.WaitForLineAsync(@"^\s+studio\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        (await http.GetAsync(new Uri(server, "/api/definitions"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var wrongKey = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/api/definitions")))
        {
            wrongKey.Headers.Add("X-Api-Key", "not-the-key");
            (await http.SendAsync(wrongKey)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        using (var withKey = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "/api/definitions")))
        {
            withKey.Headers.Add("X-Api-Key", key);
            (await http.SendAsync(withKey)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        // Studio's /api forwarder adds the key: its users reach the server without holding it.
        (await http.GetAsync(new Uri(studio, "/api/definitions"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Output.ShouldNotContain(key); // the console never prints the key

        host.Interrupt();
        (await host.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue($"The AppHost did not exit after SIGINT:\n{host.Output}");
    }

    [Fact]
    public async Task AppHost_WorkflowServerKilled_SupervisorRestartsItAndTheInFlightInstanceCompletes()
    {
        using var host = AppHostProcess.Start(SqliteSettings);
        await host.WaitForLineAsync(@"^All 4 resources healthy in", StartTimeout);
        var server = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        var firstPid = Pid(await host.WaitForLineAsync(@"^\s+workflowserver healthy at \S+ \(pid (\d+)\)", TimeSpan.FromSeconds(5)));

        var login = (await host.WaitForLineAsync(@"^\s+dashboard: \S+ — log in with (\S+)$", TimeSpan.FromSeconds(5))).Groups[1].Value;

        using var client = new WorkflowServerClient(server);
        await client.PublishAsync(WorkflowServerClient.DelayedHello("apphost-crash", "00:00:05"));
        var instance = await client.StartAsync("apphost-crash", "survivor");

        // The dashboard's live resource stream, open before the kill: it must show the server failed, then running again.
        using var dashboard = new HttpClient { BaseAddress = new Uri(new Uri(login), "/"), Timeout = Timeout.InfiniteTimeSpan };
        dashboard.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login[(login.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        using var streamEnd = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var stream = await dashboard.GetAsync("api/resources/stream", HttpCompletionOption.ResponseHeadersRead, streamEnd.Token);
        stream.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(streamEnd.Token));
        var sawFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawRestarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await reader.ReadLineAsync(streamEnd.Token) is { } line)
                {
                    if (!line.StartsWith("data: {\"name\":\"workflowserver\"", StringComparison.Ordinal))
                        continue;
                    if (line.Contains("\"state\":\"Failed\"", StringComparison.Ordinal) && line.Contains("\"exitCode\":137", StringComparison.Ordinal))
                        sawFailed.TrySetResult();
                    if (sawFailed.Task.IsCompleted && line.Contains("\"state\":\"Running\"", StringComparison.Ordinal) && line.Contains("\"restarts\":1", StringComparison.Ordinal))
                        sawRestarted.TrySetResult();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        Process.GetProcessById(firstPid).Kill(); // SIGKILL: no shutdown code runs
        await host.WaitForLineAsync(@"^workflowserver exited with code 137; restarting in 0\.5 s \(restart 1\)", TimeSpan.FromSeconds(15));
        var secondPid = Pid(await host.WaitForLineAsync(@"^\s+workflowserver healthy at \S+ \(pid (\d+)\)", TimeSpan.FromSeconds(60), skip: 1));
        secondPid.ShouldNotBe(firstPid);

        await sawFailed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await sawRestarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var ended = await client.WaitEndedAsync(instance, TimeSpan.FromSeconds(60));
        ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
        ended["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, survivor!");
        await streamEnd.CancelAsync();
    }

    [Fact]
    public async Task AppHost_TwoWorkflowServerReplicas_ShareTheStoreAndStudioIsGivenBoth()
    {
        using var host = AppHostProcess.Start(new Dictionary<string, string>(SqliteSettings) { ["Weft__AppHost__WorkflowServerReplicas"] = "2" });
        await host.WaitForLineAsync(@"^All 5 resources healthy in", StartTimeout);
        var first = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver-1\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        var second = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver-2\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        second.ShouldNotBe(first);
        var studioPid = Pid(await host.WaitForLineAsync(@"^\s+studio healthy at \S+ \(pid (\d+)\)", TimeSpan.FromSeconds(5)));

        var studioEnvironment = File.ReadAllText($"/proc/{studioPid}/environ").Split('\0');
        studioEnvironment.ShouldContain($"services__workflowserver__http__0={first.ToString().TrimEnd('/')}");
        studioEnvironment.ShouldContain($"services__workflowserver__http__1={second.ToString().TrimEnd('/')}");

        // Published through one replica, started through the other, finished by whichever worker claims it.
        using var viaFirst = new WorkflowServerClient(first);
        using var viaSecond = new WorkflowServerClient(second);
        await viaFirst.PublishAsync(WorkflowServerClient.DelayedHello("apphost-replicas", "00:00:00.2"));
        var instance = await viaSecond.StartAsync("apphost-replicas", "replicas");
        var ended = await viaFirst.WaitEndedAsync(instance, TimeSpan.FromSeconds(30));
        ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
    }

    [PostgresFact]
    public async Task AppHost_LocalPostgresBinaries_AllHealthyRunsAWorkflowOnPostgresAndCtrlCStopsTheCluster()
    {
        using var host = AppHostProcess.Start(new Dictionary<string, string> { ["Weft__AppHost__Database"] = "postgres" });
        var postgres = await host.WaitForLineAsync(@"^\s+postgres healthy at postgres://127\.0\.0\.1:(\d+) \(pid (\d+)\)", StartTimeout);
        await host.WaitForLineAsync(@"^\s+weft healthy at postgres://127\.0\.0\.1:\d+/weft", TimeSpan.FromSeconds(30));
        await host.WaitForLineAsync(@"^All 5 resources healthy in", StartTimeout);
        var server = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        using (var client = new WorkflowServerClient(server))
        {
            await client.PublishAsync(WorkflowServerClient.DelayedHello("apphost-postgres", "00:00:00.2"));
            var instance = await client.StartAsync("apphost-postgres", "PostgreSQL");
            var ended = await client.WaitEndedAsync(instance, TimeSpan.FromSeconds(30));
            ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
            ended["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, PostgreSQL!");
        }

        File.Exists(Path.Combine(host.StateDirectory, "weft.db")).ShouldBeFalse(); // no SQLite fallback
        host.Output.ShouldContain("weft: PostgreSQL from the local binaries in");
        host.Output.ShouldContain("For SQLite set Weft:AppHost:Database=sqlite");
        var port = int.Parse(postgres.Groups[1].Value, CultureInfo.InvariantCulture);
        var postmaster = int.Parse(postgres.Groups[2].Value, CultureInfo.InvariantCulture);
        Directory.Exists(Path.Combine(host.StateDirectory, "postgres", "data")).ShouldBeTrue();

        var connectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "weft", Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT current_database()", connection);
            (await query.ExecuteScalarAsync()).ShouldBe("weft");
            // The workflow ran against this database: the store's tables are in it.
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", connection);
            Convert.ToInt64(await tables.ExecuteScalarAsync(), CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        }

        host.Interrupt();
        (await host.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue($"The AppHost did not exit after SIGINT:\n{host.Output}");
        host.ExitCode.ShouldBe(0, host.Output);
        ProcessTable.IsAlive(postmaster).ShouldBeFalse("the PostgreSQL server outlived the AppHost");
        File.Exists(Path.Combine(host.StateDirectory, "postgres", "data", "postmaster.pid")).ShouldBeFalse();
    }

    /// <summary>Polls (bounded): exporters send in batches on their own schedule, so there is no event to await.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(250, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(failure);
            }
        }
    }

    private static int Pid(System.Text.RegularExpressions.Match match) => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
}
