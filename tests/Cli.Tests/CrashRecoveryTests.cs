using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Cli.Tests;

/// <summary>
/// A real process is killed with SIGKILL in the middle of a workflow; a new process resumes it from
/// the SQLite file. Every node must complete, and none that completed may run again.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Steps = 8;

    private static string BusyWorkflow()
    {
        // Each step spins for ~250 ms inside script.js, so a kill almost always lands mid-attempt.
        // Step i returns i: it adds one to the previous step's output.
        const string script = "var end = Date.now() + 250; while (Date.now() < end) {} return args.n + 1;";
        var nodes = Enumerable.Range(1, Steps).Select(i =>
        {
            var n = i == 1 ? "0" : "\"{{ nodes.step" + (i - 1) + ".output }}\"";
            return "{ \"id\": \"step" + i + "\", \"type\": \"script.js\", \"inputs\": { \"script\": \"" + script
                + "\", \"arguments\": { \"n\": " + n + " }, \"maxStatements\": 1000000000 } }";
        });
        var edges = Enumerable.Range(1, Steps - 1).Select(i =>
            "{ \"id\": \"e" + i + "\", \"source\": \"step" + i + "\", \"target\": \"step" + (i + 1) + "\" }");
        return "{ \"id\": \"busy\", \"nodes\": [" + string.Join(",", nodes) + "], \"edges\": [" + string.Join(",", edges) + "] }";
    }

    [Fact]
    public async Task Run_KilledMidWorkflow_ResumesInANewProcess_AndNoCompletedNodeRunsTwice()
    {
        using var files = new TempFiles();
        var definition = files.Write("busy.json", BusyWorkflow());
        var store = files.PathOf("weft.db");

        // 1. Start the run and SIGKILL it once three nodes have completed.
        using (var first = Process.Start(WeftProcess.StartInfo("run", definition, "--store", store, "--json", "--instance-id", "crash-1"))!)
        {
            first.StandardInput.Close();
            var completed = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (completed < 3)
            {
                var line = await first.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("weft exited before the kill: " + await first.StandardError.ReadToEndAsync());
                if (line.Contains("\"node.completed\"", StringComparison.Ordinal)) completed++;
            }
            first.Kill(entireProcessTree: true); // SIGKILL on Unix: no clean-up runs
            await first.WaitForExitAsync(timeout.Token);
            first.ExitCode.ShouldNotBe(0);
        }

        // 2. A new process resumes it.
        var (code, stdout, stderr) = await WeftProcess.RunAsync(null, "resume", "--store", store, "--instance", "crash-1", "--json");
        code.ShouldBe(0, stderr);
        var result = JsonNode.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!["result"]!;
        result["status"]!.GetValue<string>().ShouldBe("Completed");
        result["output"]!.GetValue<double>().ShouldBe(Steps);

        // 3. The journal: every node completed exactly once; interrupted attempts are marked, never left Running.
        await using var sqlite = new SqliteWorkflowStore(new SqliteStoreOptions { Path = store });
        await sqlite.InitializeAsync();
        var journal = await sqlite.GetJournalAsync("crash-1");
        for (var i = 1; i <= Steps; i++)
            journal.Count(j => j.NodeId == $"step{i}" && j.Status == JournalStatus.Completed).ShouldBe(1, $"step{i}");
        journal.ShouldNotContain(j => j.Status == JournalStatus.Running);
        journal.Count(j => j.Status == JournalStatus.Interrupted).ShouldBeLessThanOrEqualTo(1);
    }
}
