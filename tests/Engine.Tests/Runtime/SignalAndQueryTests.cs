using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Runtime;

public sealed class SignalAndQueryTests
{
    private const string WaitAfterSleep = """
        { "id": "wait-after-sleep",
          "nodes": [
            { "id": "prepare", "type": "test.sleep", "inputs": { "key": "prepare", "milliseconds": 400 } },
            { "id": "wait", "type": "signal.wait", "inputs": { "signal": "approve" } },
            { "id": "after", "type": "log", "inputs": { "message": "approved by {{ nodes.wait.output.by }}" } } ],
          "edges": [{ "id": "e1", "source": "prepare", "target": "wait" }, { "id": "e2", "source": "wait", "target": "after" }] }
        """;

    [Fact]
    public async Task Signal_SentBeforeItsBookmarkExists_IsKeptAndDelivered()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.StartAsync(WaitAfterSleep);

        // The wait node has not run yet: no bookmark exists for "approve".
        (await engine.Client.SignalAsync(id, "approve", new JsonObject { ["by"] = "ada" })).ShouldBe(SignalDelivery.Accepted);
        var snapshot = await engine.WaitAsync(id);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["after"]!["message"]!.GetValue<string>().ShouldBe("approved by ada");
        (await engine.Store.GetPendingSignalsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Signal_ResumesASuspendedInstance_AndIsConsumedOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.StartAsync(WaitAfterSleep);
        (await engine.WaitAsync(id, untilSuspended: true)).Status.ShouldBe(InstanceStatus.Suspended);

        await engine.Client.SignalAsync(id, "approve", new JsonObject { ["by"] = "grace" });
        await engine.Client.SignalAsync(id, "approve", new JsonObject { ["by"] = "nobody" });
        var snapshot = await engine.WaitAsync(id);

        snapshot.NodeOutputs["after"]!["message"]!.GetValue<string>().ShouldBe("approved by grace");
        (await engine.Client.SignalAsync(id, "approve")).ShouldBe(SignalDelivery.InstanceEnded);
    }

    [Fact]
    public async Task SignalWait_WithTimeout_TakesTheTimeoutPort()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "wait-timeout",
              "nodes": [
                { "id": "wait", "type": "signal.wait", "inputs": { "signal": "reply", "timeout": "00:00:00.200" } },
                { "id": "nudge", "type": "log", "inputs": { "message": "no reply" } } ],
              "edges": [{ "id": "e1", "source": "wait", "sourcePort": "timeout", "target": "nudge" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs.Keys.ShouldContain("nudge");
    }

    [Fact]
    public async Task Query_ReportsCurrentNodesVariablesAndProgress()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.StartAsync("""
            { "id": "query",
              "nodes": [
                { "id": "greet", "type": "vars.set", "inputs": { "name": "step", "value": "discovery" } },
                { "id": "ask", "type": "signal.wait", "inputs": { "signal": "user_message" } },
                { "id": "done", "type": "log", "inputs": { "message": "bye" } } ],
              "edges": [{ "id": "e1", "source": "greet", "target": "ask" }, { "id": "e2", "source": "ask", "target": "done" }] }
            """);
        var snapshot = await engine.WaitAsync(id, untilSuspended: true);

        snapshot.Status.ShouldBe(InstanceStatus.Suspended);
        snapshot.Variables["step"]!.GetValue<string>().ShouldBe("discovery");
        var current = snapshot.CurrentNodes.ShouldHaveSingleItem();
        current.NodeId.ShouldBe("ask");
        current.Status.ShouldBe(NodeStatus.Suspended);
        current.WaitingFor.ShouldBe("signal:user_message");
        snapshot.Progress.ShouldBe(new InstanceProgress(1, 3));
    }

    [Fact]
    public async Task Timer_SuspendsAndResumesOnTime()
    {
        await using var engine = await TestEngine.StartAsync();
        var started = DateTimeOffset.UtcNow;
        var snapshot = await engine.RunAsync("""
            { "id": "timer",
              "nodes": [{ "id": "pause", "type": "timer.delay", "inputs": { "duration": "00:00:00.300" } },
                        { "id": "after", "type": "log", "inputs": { "message": "later" } }],
              "edges": [{ "id": "e1", "source": "pause", "target": "after" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        (DateTimeOffset.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }
}
