using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Weft.WorkflowServer.Tests;

/// <summary>
/// The real server process is SIGKILLed while five instances run; a new process on the same SQLite file
/// finishes them. Every node must complete exactly once, and no journal row may be left Running.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Steps = 6;
    private const int Instances = 5;

    private static string BusyWorkflow()
    {
        // Each step spins ~200 ms inside script.js, so the kill lands mid-attempt.
        const string script = "var end = Date.now() + 200; while (Date.now() < end) {} return 1;";
        var nodes = Enumerable.Range(1, Steps).Select(i => new JsonObject
        {
            ["id"] = $"step{i}",
            ["type"] = "script.js",
            ["inputs"] = new JsonObject { ["script"] = script, ["maxStatements"] = 1_000_000_000 },
        });
        var edges = Enumerable.Range(1, Steps - 1).Select(i => new JsonObject { ["id"] = $"e{i}", ["source"] = $"step{i}", ["target"] = $"step{i + 1}" });
        return new JsonObject
        {
            ["id"] = "busy",
            ["nodes"] = new JsonArray(nodes.ToArray<JsonNode?>()),
            ["edges"] = new JsonArray(edges.ToArray<JsonNode?>()),
        }.ToJsonString();
    }

    [Fact]
    public async Task Server_KilledWhileInstancesRun_RestartsOnTheSameFile_AndEveryNodeCompletesExactlyOnce()
    {
        var directory = Directory.CreateTempSubdirectory("weft-server-crash-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Weft__Store__Sqlite__Path"] = Path.Combine(directory, "weft.db"),
            ["Weft__Runtime__WorkerId"] = "server-under-test", // the restarted process takes its leases back at once
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        try
        {
            // 1. First process: publish, start five instances, kill it once several nodes have completed.
            var ids = new List<string>();
            int finishedAtKill;
            using (var first = await ServerProcess.StartAsync(directory, environment, TimeSpan.FromSeconds(60)))
            {
                await first.Client.CreateAsync(BusyWorkflow());
                for (var i = 0; i < Instances; i++) ids.Add(await first.Client.StartAsync("""{ "definitionId": "busy" }"""));

                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                do
                {
                    await Task.Delay(25, deadline.Token); // polling another process: there is no event to await across it
                    finishedAtKill = await FinishedNodesAsync(first.Client, ids, deadline.Token);
                }
                while (finishedAtKill < 4);
                first.Kill();
                output.WriteLine($"killed process {first.Id} with {finishedAtKill} of {Instances * Steps} nodes completed");
            }
            finishedAtKill.ShouldBeLessThan(Instances * Steps, "the kill must land before the work is done");

            // 2. Second process on the same file: everything completes (bounded).
            using var second = await ServerProcess.StartAsync(directory, environment, TimeSpan.FromSeconds(60));
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
            {
                while (!await AllCompletedAsync(second.Client, ids, deadline.Token)) await Task.Delay(100, deadline.Token);
            }

            // 3. The journals: each node completed exactly once; interrupted attempts are marked, none left Running.
            var interrupted = 0;
            var attempts = 0;
            foreach (var id in ids)
            {
                var journal = (await (await second.Client.GetAsync($"api/instances/{id}/journal")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();
                for (var step = 1; step <= Steps; step++)
                {
                    journal.Count(j => j!["nodeId"]!.GetValue<string>() == $"step{step}" && j["status"]!.GetValue<string>() == "completed")
                        .ShouldBe(1, $"{id} step{step}");
                }
                journal.ShouldNotContain(j => j!["status"]!.GetValue<string>() == "running", $"{id} has a row left Running");
                interrupted += journal.Count(j => j!["status"]!.GetValue<string>() == "interrupted");
                attempts += journal.Count;
            }
            output.WriteLine($"after restart: {Instances} of {Instances} instances completed; {attempts} journal rows, {Instances * Steps} completed nodes (each once), {interrupted} interrupted attempt(s) re-run");
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }

    private static async Task<int> FinishedNodesAsync(HttpClient client, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var finished = 0;
        foreach (var id in ids)
        {
            var snapshot = await (await client.GetAsync($"api/instances/{id}", cancellationToken)).ReadJsonAsync();
            finished += snapshot["progress"]!["finished"]!.GetValue<int>();
        }
        return finished;
    }

    private static async Task<bool> AllCompletedAsync(HttpClient client, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            var snapshot = await (await client.GetAsync($"api/instances/{id}", cancellationToken)).ReadJsonAsync();
            var status = snapshot["status"]!.GetValue<string>();
            status.ShouldNotBeOneOf(["faulted", "cancelled", "terminated", "timedOut"], $"{id}: {snapshot.ToJsonString()}");
            if (status != "completed") return false;
        }
        return true;
    }
}
