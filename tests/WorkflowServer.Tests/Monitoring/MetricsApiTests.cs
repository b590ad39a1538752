using System.Net;
using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests.Monitoring;

/// <summary>GET /api/metrics/… over real Kestrel, after real runs with known outcomes and durations.</summary>
public sealed class MetricsApiTests
{
    private const string Window = "from=2026-03-01T08:00:00Z&to=2026-03-01T09:00:00Z";

    /// <summary>p1 100+200 ok; p2 300 + (100 failed, 100) ok; p3 200 + (50 failed, 50 failed) → Faulted.</summary>
    private static async Task RunPaymentsAsync(MonitoringServer server)
    {
        await server.SaveAsync(MonitoringServer.Pay);
        await server.PayAsync(100, 200, 0, InstanceStatus.Completed);
        await server.PayAsync(300, 100, 1, InstanceStatus.Completed);
        await server.PayAsync(200, 50, 2, InstanceStatus.Faulted);
    }

    [Fact]
    public async Task GetWorkflowMetrics_RealRuns_EveryFigure()
    {
        await using var server = await MonitoringServer.StartAsync();
        await RunPaymentsAsync(server);

        var body = await (await server.Client.GetAsync($"api/metrics/workflows?{Window}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["from"]!.GetValue<DateTimeOffset>().ShouldBe(MonitoringServer.T0);
        body["to"]!.GetValue<DateTimeOffset>().ShouldBe(MonitoringServer.T0.AddHours(1));
        var pay = body["workflows"]!.AsArray().ShouldHaveSingleItem()!;
        pay["definitionId"]!.GetValue<string>().ShouldBe("pay");
        Figures(pay, "runs", "successes", "failures", "cancelled", "inProgress", "retries", "tokens").ShouldBe([3, 2, 1, 0, 0, 2, 30]);
        pay["successRate"]!.GetValue<double>().ShouldBe(2.0 / 3, 1e-9);
        pay["failureRate"]!.GetValue<double>().ShouldBe(1.0 / 3, 1e-9);
        // Instances took 300, 500 and 300 ms.
        Durations(pay["duration"]!, count: 3, min: 300, avg: 1100.0 / 3, p50: 300, p95: 500, max: 500, stdev: Math.Sqrt(80000.0 / 9));
    }

    [Fact]
    public async Task GetWorkflowMetricsOfOne_RealRuns_NodesBeneathAndActivityTypes()
    {
        await using var server = await MonitoringServer.StartAsync();
        await RunPaymentsAsync(server);

        var body = await (await server.Client.GetAsync($"api/metrics/workflows/pay?{Window}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["workflow"]!["runs"]!.GetValue<long>().ShouldBe(3);
        var nodes = body["nodes"]!.AsArray();
        nodes.Select(n => n!["nodeId"]!.GetValue<string>()).ShouldBe(["charge", "check"]);
        var charge = nodes[0]!;
        charge["activityType"]!.GetValue<string>().ShouldBe("test.advance");
        Figures(charge, "attempts", "runs", "successes", "failures", "retries", "tokens").ShouldBe([5, 3, 2, 1, 2, 0]);
        charge["successRate"]!.GetValue<double>().ShouldBe(2.0 / 3, 1e-9);
        // 200 | 100 retried, 100 | 50 retried, 50 failed.
        Durations(charge["duration"]!, count: 5, min: 50, avg: 100, p50: 100, p95: 200, max: 200, stdev: Math.Sqrt(3000));
        var check = nodes[1]!;
        Figures(check, "attempts", "runs", "successes", "failures", "retries", "tokens").ShouldBe([3, 3, 3, 0, 0, 30]);
        check["successRate"]!.GetValue<double>().ShouldBe(1);
        Durations(check["duration"]!, count: 3, min: 100, avg: 200, p50: 200, p95: 300, max: 300, stdev: Math.Sqrt(20000.0 / 3));

        var types = await (await server.Client.GetAsync($"api/metrics/activities?{Window}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var advance = types["activities"]!.AsArray().ShouldHaveSingleItem()!;
        advance["activityType"]!.GetValue<string>().ShouldBe("test.advance");
        Figures(advance, "attempts", "runs", "successes", "failures", "retries", "tokens").ShouldBe([8, 6, 5, 1, 2, 30]);
        advance["duration"]!["p95Ms"]!.GetValue<double>().ShouldBe(300);

        // A window that ends before the runs: nothing; the window defaults to the day before the server's now.
        var before = await (await server.Client.GetAsync("api/metrics/workflows?window=1h&to=2026-03-01T08:00:00Z")).ShouldBeJsonAsync(HttpStatusCode.OK);
        before["workflows"]!.AsArray().ShouldBeEmpty();
        var lastDay = await (await server.Client.GetAsync("api/metrics/workflows")).ShouldBeJsonAsync(HttpStatusCode.OK);
        lastDay["to"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow());
        lastDay["workflows"]![0]!["runs"]!.GetValue<long>().ShouldBe(3);
        var empty = await (await server.Client.GetAsync("api/metrics/workflows/pay?window=1h&to=2026-03-01T08:00:00Z")).ShouldBeJsonAsync(HttpStatusCode.OK);
        empty["workflow"]!["runs"]!.GetValue<long>().ShouldBe(0);
        empty["nodes"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("api/metrics/workflows?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    [InlineData("api/metrics/workflows?from=yesterday", "from")]
    [InlineData("api/metrics/workflows?to=soon", "to")]
    [InlineData("api/metrics/workflows?window=-1h", "window")]
    [InlineData("api/metrics/workflows/pay?window=0", "window")]
    [InlineData("api/metrics/activities?window=fortnight", "window")]
    [InlineData("api/metrics/activities?window=1h&from=2026-03-01T00:00:00Z", "window")]
    [InlineData("api/alerts/history?since=never", "since")]
    [InlineData("api/alerts/history?take=0", "take")]
    public async Task GetMetrics_BadWindow_ProblemNamingTheParameter(string url, string field)
    {
        await using var server = await MonitoringServer.StartAsync();

        await (await server.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task GetWorkflowMetrics_UnknownWorkflow_NotFound()
    {
        await using var server = await MonitoringServer.StartAsync();

        await (await server.Client.GetAsync("api/metrics/workflows/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "definitionId");
    }

    private static long[] Figures(JsonNode node, params string[] names) => names.Select(n => node[n]!.GetValue<long>()).ToArray();

    private static void Durations(JsonNode stats, long count, double min, double avg, double p50, double p95, double max, double stdev)
    {
        stats["count"]!.GetValue<long>().ShouldBe(count);
        stats["minMs"]!.GetValue<double>().ShouldBe(min);
        stats["avgMs"]!.GetValue<double>().ShouldBe(avg, 1e-6);
        stats["p50Ms"]!.GetValue<double>().ShouldBe(p50);
        stats["p95Ms"]!.GetValue<double>().ShouldBe(p95);
        stats["maxMs"]!.GetValue<double>().ShouldBe(max);
        stats["stdevMs"]!.GetValue<double>().ShouldBe(stdev, 1e-6);
    }
}
