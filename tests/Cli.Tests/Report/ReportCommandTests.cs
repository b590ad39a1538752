using System.Text.Json.Nodes;

namespace Weft.Cli.Tests.Report;

/// <summary><c>weft report</c> (the real executable) against a real server after runs with known outcomes and durations.</summary>
public sealed class ReportCommandTests
{
    private const string From = "2026-03-01T08:00:00Z";
    private const string To = "2026-03-01T09:00:00Z";

    [Fact]
    public async Task Report_Text_PrintsWorkflowAndNodeFigures()
    {
        using var server = await ReportServer.StartAsync(payments: true);

        var (exit, stdout, stderr) = await WeftProcess.RunAsync(null, "report", "--server", server.Url, "--from", From, "--to", To);

        exit.ShouldBe(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldStartWith("Weft report 2026-03-01T08:00:00");
        Cells(lines[1]).ShouldBe(["WORKFLOW", "/", "NODE", "RUNS", "OK", "FAILED", "SUCCESS", "AVG", "MS"]);
        // Instances took 300, 500 and 300 ms; charge 200 | 100, 100 | 50, 50; check 100 | 300 | 200.
        Cells(lines[2]).ShouldBe(["pay", "3", "2", "1", "66.7%", "366.7"]);
        Cells(lines[3]).ShouldBe(["charge", "3", "2", "1", "66.7%", "100.0"]);
        Cells(lines[4]).ShouldBe(["check", "3", "3", "0", "100.0%", "200.0"]);
        lines.Length.ShouldBe(5);
    }

    [Fact]
    public async Task Report_Json_HoldsEveryFigureWithNodesBeneath()
    {
        using var server = await ReportServer.StartAsync(payments: true, apiKey: "report-key");

        var (exit, stdout, stderr) = await WeftProcess.RunAsync(null,
            "report", "--server", server.Url, "--api-key", "report-key", "--window", "1h", "--to", To, "--format", "json");

        exit.ShouldBe(0, stderr);
        var report = JsonNode.Parse(stdout)!;
        report["from"]!.GetValue<DateTimeOffset>().ShouldBe(ReportServer.T0);
        var pay = report["workflows"]!.AsArray().ShouldHaveSingleItem()!;
        (pay["runs"]!.GetValue<int>(), pay["successes"]!.GetValue<int>(), pay["failures"]!.GetValue<int>(), pay["retries"]!.GetValue<int>()).ShouldBe((3, 2, 1, 2));
        pay["duration"]!["p95Ms"]!.GetValue<double>().ShouldBe(500);
        var nodes = pay["nodes"]!.AsArray();
        nodes.Select(n => n!["nodeId"]!.GetValue<string>()).ShouldBe(["charge", "check"]);
        nodes[0]!["attempts"]!.GetValue<int>().ShouldBe(5);
        nodes[0]!["duration"]!["maxMs"]!.GetValue<double>().ShouldBe(200);
    }

    [Fact]
    public async Task Report_NothingInTheWindow_SaysSo()
    {
        using var server = await ReportServer.StartAsync(payments: false);

        var (exit, stdout, stderr) = await WeftProcess.RunAsync(null, "report", "--server", server.Url, "--window", "1d");

        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("No workflow ran in this window.");
    }

    [Theory]
    [InlineData("--window", "-1h")]
    [InlineData("--window", "soon")]
    [InlineData("--from", "yesterday")]
    [InlineData("--from", "2026-03-02T00:00:00Z", "--to", "2026-03-01T00:00:00Z")]
    [InlineData("--format", "yaml")]
    public async Task Report_BadOptions_ExitCode2(params string[] options)
    {
        var (exit, _, stderr) = await WeftProcess.RunAsync(null, ["report", "--server", "http://127.0.0.1:9", .. options]);

        exit.ShouldBe(2);
        stderr.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Report_WrongApiKey_ExitCode2NamingTheRefusal()
    {
        using var server = await ReportServer.StartAsync(payments: false, apiKey: "right");

        var (exit, _, stderr) = await WeftProcess.RunAsync(null, "report", "--server", server.Url, "--api-key", "wrong");

        exit.ShouldBe(2);
        stderr.ShouldContain("401");
    }

    [Fact]
    public async Task Report_NoServerListening_ExitCode3()
    {
        var (exit, _, stderr) = await WeftProcess.RunAsync(null, "report", "--server", $"http://127.0.0.1:{ReportServer.FreePort()}");

        exit.ShouldBe(3);
        stderr.ShouldContain("cannot reach the server");
        stderr.ShouldNotContain("   at ");
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
