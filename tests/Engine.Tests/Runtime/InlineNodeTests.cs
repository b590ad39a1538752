using System.Text;
using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Runtime;

/// <summary>Inline nodes (<c>[Activity(Inline = true)]</c>) run in the instance's loop and share one commit.</summary>
public sealed class InlineNodeTests
{
    /// <summary>A sequential chain of <paramref name="count"/> vars.set nodes, each adding one to <c>vars.n</c>.</summary>
    private static string Chain(string id, int count, string? last = null)
    {
        var nodes = new StringBuilder();
        var edges = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            if (i > 1) { nodes.Append(','); }
            nodes.Append($$$"""{ "id": "n{{{i}}}", "type": "vars.set", "inputs": { "name": "n", "value": "{{ (vars.n ?? 0) + 1 }}" } }""");
            if (i > 1) edges.Append(edges.Length > 0 ? "," : "").Append($$"""{ "id": "e{{i}}", "source": "n{{i - 1}}", "target": "n{{i}}" }""");
        }
        if (last is not null)
        {
            nodes.Append(',').Append(last);
            edges.Append(edges.Length > 0 ? "," : "").Append($$"""{ "id": "e-last", "source": "n{{count}}", "target": "last" }""");
        }
        return $$"""{ "id": "{{id}}", "nodes": [{{nodes}}], "edges": [{{edges}}] }""";
    }

    [Fact]
    public async Task Run_ChainOfInlineNodes_CommitsTheChainTogether()
    {
        await using var engine = await TestEngine.StartAsync();
        var before = engine.Store.TransactionCount;

        var snapshot = await engine.RunAsync(Chain("inline-chain", 10));

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["n"]!.GetValue<int>().ShouldBe(10);
        // Create, claim, and one commit for all ten nodes with the instance's end (a few more if group commit splits).
        (engine.Store.TransactionCount - before).ShouldBeLessThan(6);
    }

    [Fact]
    public async Task Run_InlineTurnedOff_CommitsEveryNode()
    {
        await using var engine = await TestEngine.StartAsync(o => o.MaxInlineNodesPerCommit = 0);
        var before = engine.Store.TransactionCount;

        var snapshot = await engine.RunAsync(Chain("inline-off", 10));

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["n"]!.GetValue<int>().ShouldBe(10);
        (engine.Store.TransactionCount - before).ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public async Task Run_InlineChainLongerThanTheBound_CommitsAtTheBound()
    {
        await using var engine = await TestEngine.StartAsync(o => o.MaxInlineNodesPerCommit = 5);
        var before = engine.Store.TransactionCount;

        var snapshot = await engine.RunAsync(Chain("inline-bound", 30));

        snapshot.Variables["n"]!.GetValue<int>().ShouldBe(30);
        (engine.Store.TransactionCount - before).ShouldBeGreaterThanOrEqualTo(30 / 5);
        (engine.Store.TransactionCount - before).ShouldBeLessThan(30);
    }

    [Fact]
    public async Task Run_ChainOfInlineNodes_JournalsEachNodeOnceWithInputsOutputAndEvents()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync(Chain("inline-journal", 4));

        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Select(j => j.NodeId).ShouldBe(["n1", "n2", "n3", "n4"]);
        foreach (var (row, i) in journal.Select((row, i) => (row, i + 1)))
        {
            row.Status.ShouldBe(JournalStatus.Completed);
            row.Attempt.ShouldBe(1);
            row.Inputs!["name"]!.GetValue<string>().ShouldBe("n");
            row.Inputs["value"]!.GetValue<int>().ShouldBe(i);
            row.Output!["n"]!.GetValue<int>().ShouldBe(i);
            row.EndedAt.ShouldNotBeNull();
        }

        var events = await engine.Store.GetEventsAsync(snapshot.InstanceId, 0, 100);
        events.Select(e => e.Sequence).ShouldBe(events.Select(e => e.Sequence).Order());
        events.Count(e => e.Type == EventTypes.NodeStarted).ShouldBe(4);
        events.Count(e => e.Type == EventTypes.NodeCompleted).ShouldBe(4);
        events.Last().Type.ShouldBe(EventTypes.InstanceCompleted);
    }

    [Fact]
    public async Task Run_InlineChainBeforeASlowNode_IsCommittedBeforeTheSlowNodeEnds()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.StartAsync(Chain("inline-then-slow", 3,
            """{ "id": "last", "type": "test.sleep", "inputs": { "key": "inline-then-slow", "milliseconds": 3000 } }"""));

        // The chain's rows are durable while the slow node still runs: its start was committed with them.
        var journal = await PollJournalAsync(engine, id, rows => rows.Any(r => r.NodeId == "last"));
        journal.Where(r => r.NodeId.StartsWith('n')).ShouldAllBe(r => r.Status == JournalStatus.Completed);
        journal.Single(r => r.NodeId == "last").Status.ShouldBe(JournalStatus.Running);
        (await engine.WaitAsync(id)).Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task Run_InlineBranchBesideASlowBranch_DoesNotWaitForIt()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.StartAsync("""
            { "id": "inline-beside-slow",
              "nodes": [
                { "id": "start", "type": "vars.set", "inputs": { "name": "go", "value": true } },
                { "id": "slow", "type": "test.sleep", "inputs": { "key": "inline-beside-slow", "milliseconds": 4000 } },
                { "id": "b1", "type": "vars.set", "inputs": { "name": "b", "value": 1 } },
                { "id": "b2", "type": "vars.set", "inputs": { "name": "b", "value": "{{ vars.b + 1 }}" } } ],
              "edges": [ { "id": "e1", "source": "start", "target": "slow" }, { "id": "e2", "source": "start", "target": "b1" }, { "id": "e3", "source": "b1", "target": "b2" } ] }
            """);

        var journal = await PollJournalAsync(engine, id, rows => rows.Any(r => r.NodeId == "b2" && r.Status == JournalStatus.Completed));
        journal.Single(r => r.NodeId == "slow").Status.ShouldBe(JournalStatus.Running);
        var snapshot = await engine.WaitAsync(id);
        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["b"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Run_InlineNodeThatFails_RoutesTheErrorAndJournalsTheFailure()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "inline-fails",
              "nodes": [
                { "id": "bad", "type": "vars.set", "inputs": { "value": 1 }, "onError": "route" },
                { "id": "after", "type": "vars.set", "inputs": { "name": "routed", "value": true } } ],
              "edges": [ { "id": "e1", "source": "bad", "sourcePort": "error", "target": "after" } ] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.Variables["routed"]!.GetValue<bool>().ShouldBeTrue();
        var rows = (await engine.JournalAsync(snapshot.InstanceId)).Where(r => r.NodeId == "bad").ToList();
        rows.Count.ShouldBe(1);
        rows[0].Status.ShouldBe(JournalStatus.Failed);
    }

    [Fact]
    public async Task Run_InlineNodeEmittingAfterASlowNode_PublishesOnlyOnceThatNodeIsCommitted()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = await engine.SaveAsync("""
            { "id": "inline-emit",
              "nodes": [
                { "id": "slow", "type": "test.sleep", "inputs": { "key": "inline-emit", "milliseconds": 200 } },
                { "id": "emit", "type": "test.emit", "inputs": { "key": "inline-emit" } } ],
              "edges": [ { "id": "e1", "source": "slow", "target": "emit" } ] }
            """);
        var id = Guid.NewGuid().ToString("N");
        using var subscription = engine.Runtime.Events.Subscribe(id);
        await engine.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, InstanceId = id });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await subscription.Reader.WaitToReadAsync(timeout.Token))
        {
            if (!subscription.Reader.TryRead(out var e) || e.Type != EmitActivity.EventType) continue;
            // What the outside sees of an inline node never runs ahead of what is durable: both nodes are committed.
            var journal = await engine.JournalAsync(id);
            journal.Select(r => (r.NodeId, r.Status)).ShouldBe([("slow", JournalStatus.Completed), ("emit", JournalStatus.Completed)]);
            (await engine.Store.GetEventsAsync(id, 0)).ShouldContain(stored => stored.Type == EmitActivity.EventType);
            return;
        }
    }

    private static async Task<IReadOnlyList<JournalEntry>> PollJournalAsync(TestEngine engine, string id, Func<IReadOnlyList<JournalEntry>, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var rows = await engine.JournalAsync(id);
            if (until(rows)) return rows;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Journal never matched: {string.Join(", ", rows.Select(r => $"{r.NodeId}={r.Status}"))}");
            await Task.Delay(20);
        }
    }
}
