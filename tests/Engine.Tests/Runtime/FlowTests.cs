using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Runtime;

public sealed class FlowTests
{
    [Theory]
    [InlineData(true, "yes")]
    [InlineData(false, "no")]
    public async Task Join_AfterIf_RunsExactlyOnceOnTheTakenBranch(bool flag, string expectedBranch)
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "join-if", "inputs": [{ "name": "flag", "type": "boolean", "required": true }],
              "nodes": [
                { "id": "check", "type": "flow.if", "inputs": { "condition": "{{ input.flag }}" } },
                { "id": "yes", "type": "vars.set", "inputs": { "name": "branch", "value": "yes" } },
                { "id": "no", "type": "vars.set", "inputs": { "name": "branch", "value": "no" } },
                { "id": "join", "type": "log", "inputs": { "message": "after {{ vars.branch }}" } } ],
              "edges": [
                { "id": "e1", "source": "check", "sourcePort": "true", "target": "yes" },
                { "id": "e2", "source": "check", "sourcePort": "false", "target": "no" },
                { "id": "e3", "source": "yes", "target": "join" },
                { "id": "e4", "source": "no", "target": "join" } ] }
            """, new JsonObject { ["flag"] = flag });

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["branch"]!.GetValue<string>().ShouldBe(expectedBranch);
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Count(j => j.NodeId == "join" && j.Status == JournalStatus.Completed).ShouldBe(1);
        journal.ShouldNotContain(j => j.NodeId == (flag ? "no" : "yes"));
        snapshot.NodeOutputs["join"]!["message"]!.GetValue<string>().ShouldBe("after " + expectedBranch);
    }

    [Fact]
    public async Task Join_AfterSwitch_RunsOnceAndSkipsTheOtherCases()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "join-switch",
              "nodes": [
                { "id": "route", "type": "flow.switch", "inputs": { "cases": [
                    { "name": "small", "condition": "{{ input.n < 10 }}" },
                    { "name": "medium", "condition": "{{ input.n < 100 }}" } ] } },
                { "id": "a", "type": "vars.set", "inputs": { "name": "size", "value": "small" } },
                { "id": "b", "type": "vars.set", "inputs": { "name": "size", "value": "medium" } },
                { "id": "c", "type": "vars.set", "inputs": { "name": "size", "value": "large" } },
                { "id": "join", "type": "log", "inputs": { "message": "{{ vars.size }}" } } ],
              "edges": [
                { "id": "e1", "source": "route", "sourcePort": "small", "target": "a" },
                { "id": "e2", "source": "route", "sourcePort": "medium", "target": "b" },
                { "id": "e3", "source": "route", "sourcePort": "default", "target": "c" },
                { "id": "e4", "source": "a", "target": "join" },
                { "id": "e5", "source": "b", "target": "join" },
                { "id": "e6", "source": "c", "target": "join" } ] }
            """, new JsonObject { ["n"] = 42 });

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["size"]!.GetValue<string>().ShouldBe("medium");
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Count(j => j.NodeId == "join").ShouldBe(1);
        journal.Select(j => j.NodeId).ShouldNotContain("a");
        journal.Select(j => j.NodeId).ShouldNotContain("c");
        var events = await engine.Store.GetEventsAsync(snapshot.InstanceId, 0);
        events.Where(e => e.Type == EventTypes.NodeSkipped).Select(e => e.NodeId).OrderBy(x => x).ShouldBe(["a", "c"]);
    }

    [Fact]
    public async Task ParallelBranches_RunConcurrently_TheirExecutionsOverlapInTime()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$"""
            { "id": "parallel",
              "nodes": [
                { "id": "start", "type": "log", "inputs": { "message": "go" } },
                { "id": "left", "type": "test.sleep", "inputs": { "key": "{{key}}-left", "milliseconds": 400 } },
                { "id": "right", "type": "test.sleep", "inputs": { "key": "{{key}}-right", "milliseconds": 400 } },
                { "id": "join", "type": "log", "inputs": { "message": "done" } } ],
              "edges": [
                { "id": "e1", "source": "start", "target": "left" }, { "id": "e2", "source": "start", "target": "right" },
                { "id": "e3", "source": "left", "target": "join" }, { "id": "e4", "source": "right", "target": "join" } ] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        var left = TestActivities.Sleeps.Single(s => s.Key == key + "-left");
        var right = TestActivities.Sleeps.Single(s => s.Key == key + "-right");
        (left.Start < right.End && right.Start < left.End).ShouldBeTrue($"left {left.Start:O}-{left.End:O}, right {right.Start:O}-{right.End:O}");
    }

    [Fact]
    public async Task ForEach_RunsTheBodyPerItem_AndCollectsEachIterationsResult()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "foreach", "variables": [{ "name": "sum", "default": 0 }],
              "nodes": [
                { "id": "loop", "type": "flow.foreach", "inputs": { "items": "{{ input.numbers }}" },
                  "body": {
                    "nodes": [
                      { "id": "add", "type": "vars.set", "inputs": { "name": "sum", "value": "{{ vars.sum + item }}" } },
                      { "id": "double", "type": "log", "inputs": { "message": "{{ index }}:{{ item * 2 }}" } } ],
                    "edges": [{ "id": "b1", "source": "add", "target": "double" }] } },
                { "id": "after", "type": "log", "inputs": { "message": "{{ nodes.loop.output.count }} items, sum {{ vars.sum }}" } } ],
              "edges": [{ "id": "e1", "source": "loop", "target": "after" }] }
            """, new JsonObject { ["numbers"] = new JsonArray(1, 2, 3) });

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["sum"]!.GetValue<double>().ShouldBe(6);
        var results = snapshot.NodeOutputs["loop"]!["results"]!.AsArray();
        results.Select(r => r!["message"]!.GetValue<string>()).ShouldBe(["0:2", "1:4", "2:6"]);
        snapshot.NodeOutputs["after"]!["message"]!.GetValue<string>().ShouldBe("3 items, sum 6");
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Count(j => j.NodeId == "add" && j.Status == JournalStatus.Completed).ShouldBe(3);
        journal.Where(j => j.NodeId == "add").Select(j => j.Scope).ShouldBe(["loop#0", "loop#1", "loop#2"]);
    }

    [Fact]
    public async Task While_RepeatsUntilTheConditionIsFalse()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "while", "variables": [{ "name": "n", "default": 1 }],
              "nodes": [
                { "id": "loop", "type": "flow.while", "inputs": { "condition": "{{ vars.n < 100 }}" },
                  "body": { "nodes": [{ "id": "grow", "type": "vars.set", "inputs": { "name": "n", "value": "{{ vars.n * 3 }}" } }], "edges": [] } } ],
              "edges": [] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["n"]!.GetValue<double>().ShouldBe(243);
        snapshot.NodeOutputs["loop"]!["iterations"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task BodyFailure_FailsTheContainer_WhoseOnErrorRoutes()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "body-failure",
              "nodes": [
                { "id": "each", "type": "flow.foreach", "inputs": { "items": [1, 2, 3] }, "onError": "route",
                  "body": { "nodes": [{ "id": "check", "type": "script.js",
                    "inputs": { "script": "if (args.n === 2) throw new Error('two is not allowed'); return args.n;", "arguments": { "n": "{{ item }}" } } }],
                    "edges": [] } },
                { "id": "handled", "type": "log", "inputs": { "message": "{{ nodes.each.output.message }}" } } ],
              "edges": [{ "id": "e1", "source": "each", "sourcePort": "error", "target": "handled" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        var message = snapshot.NodeOutputs["handled"]!["message"]!.GetValue<string>();
        message.ShouldContain("Node 'check' failed in iteration 1");
        message.ShouldContain("two is not allowed");
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Count(j => j.NodeId == "check" && j.Status == JournalStatus.Completed).ShouldBe(1);
        journal.Single(j => j.NodeId == "each").Status.ShouldBe(JournalStatus.Failed);
    }

    [Fact]
    public async Task Finish_EndsTheInstanceWithItsOutput()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "finish",
              "nodes": [
                { "id": "done", "type": "flow.finish", "inputs": { "output": { "answer": "{{ input.q + '!' }}" } } } ],
              "edges": [] }
            """, new JsonObject { ["q"] = "hi" });

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Output!["answer"]!.GetValue<string>().ShouldBe("hi!");
    }
}
