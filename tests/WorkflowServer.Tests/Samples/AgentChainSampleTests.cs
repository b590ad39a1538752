using System.Net;
using System.Text.Json.Nodes;
using Weft.Activities.Tests.OpenAiTestServer;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>workflows/agent-chain.json end to end: sequential and parallel agents, each journaled with status, output, duration and error.</summary>
public sealed class AgentChainSampleTests
{
    private static readonly TimeSpan AgentTime = TimeSpan.FromMilliseconds(300);

    /// <summary>Each agent answers by its role (read from its system prompt); the risk agent never gives valid JSON.</summary>
    private static string Answer(RecordedRequest request)
    {
        var system = request.Conversation[0].Content;
        if (system.Contains("research agent", StringComparison.Ordinal)) return "Fact: bees pollinate crops.";
        if (system.Contains("critic agent", StringComparison.Ordinal)) return "Critique: cite a source.";
        if (system.Contains("outline agent", StringComparison.Ordinal)) return "Outline: intro, facts, outlook.";
        if (system.Contains("risk agent", StringComparison.Ordinal)) return "risks: colony collapse";
        return "Brief: bees matter.";
    }

    [Fact]
    public async Task AgentChain_Topic_RunsAgentsInSequenceAndInParallel_AndJournalsEachStep()
    {
        await using var server = await SampleServer.StartAsync(["agent-chain"]);
        server.Main.Otherwise = new ScriptedReply { Compute = Answer, Delay = AgentTime };

        var response = await server.Client.PostJsonAsync("workflows/agents/brief", """{ "topic": "bees" }""");
        var accepted = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var id = accepted["instanceId"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/api/instances/{id}");

        var done = await server.Host.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout(60));
        done.Status.ShouldBe(Weft.Engine.Runtime.InstanceStatus.Completed, done.Error?.Message);
        done.Output!["brief"]!.GetValue<string>().ShouldBe("Brief: bees matter.");
        done.Output!["risks"].ShouldBeNull();

        var journal = (await server.JournalAsync(id)).Select(e => e!.AsObject()).ToList();
        JsonObject Step(string node) => journal.Single(e => e["nodeId"]!.GetValue<string>() == node);
        DateTimeOffset Start(string node) => Step(node)["startedAt"]!.GetValue<DateTimeOffset>();
        DateTimeOffset End(string node) => Step(node)["endedAt"]!.GetValue<DateTimeOffset>();

        foreach (var agent in new[] { "research", "critic", "outline", "write" })
        {
            var step = Step(agent);
            step["status"]!.GetValue<string>().ShouldBe("completed", agent);
            step["output"]!["text"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(agent);
            step["durationMs"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(AgentTime.TotalMilliseconds * 0.9, agent);
            step["error"].ShouldBeNull(agent);
        }
        var risks = Step("risks");
        risks["status"]!.GetValue<string>().ShouldBe("failed");
        risks["error"]!["type"]!.GetValue<string>().ShouldBe("InvalidModelOutput");
        risks["error"]!["message"]!.GetValue<string>().ShouldContain("risks");
        risks["durationMs"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(AgentTime.TotalMilliseconds * 1.8, "the reply and its repair round");

        // Sequence: research before the fan-out, the join after it. Parallel: the three fan-out agents overlap.
        foreach (var agent in new[] { "critic", "outline", "risks" })
        {
            Start(agent).ShouldBeGreaterThanOrEqualTo(End("research"), agent);
            Start("write").ShouldBeGreaterThanOrEqualTo(End(agent), agent);
        }
        new[] { Start("critic"), Start("outline"), Start("risks") }.Max().ShouldBeLessThan(new[] { End("critic"), End("outline") }.Min(), "the fan-out runs concurrently");

        // The writer saw every agent's work, and that the risk agent gave none.
        var writer = server.Models.RequestsFor(SampleServer.MainModel).Single(r => r.Conversation[0].Content.Contains("writer agent", StringComparison.Ordinal));
        writer.LastUserMessage.ShouldContain("Critique: cite a source.");
        writer.LastUserMessage.ShouldContain("Outline: intro, facts, outlook.");
        writer.LastUserMessage.ShouldContain("(the risk agent gave none)");
    }
}
