using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Runtime;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Start_WithTheSameIdempotencyKey_ReturnsTheSameInstance()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = await engine.SaveAsync("""{ "id": "idem", "nodes": [{ "id": "a", "type": "log", "inputs": { "message": "x" } }], "edges": [] }""");
        var request = new StartRequest { DefinitionId = definition.Id, AllowDraft = true, IdempotencyKey = "req-1" };

        var first = await engine.Client.StartAsync(request);
        var second = await engine.Client.StartAsync(request);

        first.Created.ShouldBeTrue();
        second.Created.ShouldBeFalse();
        second.InstanceId.ShouldBe(first.InstanceId);
        (await engine.Store.ListInstancesAsync(new InstanceQuery { DefinitionId = "idem" })).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Start_WithIdempotencyFail_RefusesTheSecondStart()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = await engine.SaveAsync("""{ "id": "idem-fail", "options": { "idempotency": "fail" }, "nodes": [{ "id": "a", "type": "log", "inputs": { "message": "x" } }], "edges": [] }""");
        var request = new StartRequest { DefinitionId = definition.Id, AllowDraft = true, InstanceId = "fixed-id" };
        await engine.Client.StartAsync(request);

        var conflict = await Should.ThrowAsync<WorkflowConflictException>(() => engine.Client.StartAsync(request));
        conflict.ExistingInstanceId.ShouldBe("fixed-id");
    }

    [Fact]
    public async Task Start_WithMissingOrMistypedInput_IsRefusedNamingTheField()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = await engine.SaveAsync("""{ "id": "typed", "inputs": [{ "name": "count", "type": "integer", "required": true }], "nodes": [{ "id": "a", "type": "log", "inputs": { "message": "x" } }], "edges": [] }""");

        var missing = await Should.ThrowAsync<WorkflowStartException>(() => engine.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true }));
        missing.Field.ShouldBe("input.count");
        var mistyped = await Should.ThrowAsync<WorkflowStartException>(() => engine.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, Input = new JsonObject { ["count"] = "many" } }));
        mistyped.Field.ShouldBe("input.count");
        (await engine.Store.ListInstancesAsync(new InstanceQuery())).Total.ShouldBe(0);
    }

    [Fact]
    public async Task RetryFromFailure_RerunsOnlyTheFailedNode()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$"""
            { "id": "retry-from-failure",
              "nodes": [
                { "id": "first", "type": "test.count", "inputs": { "key": "{{key}}-first" } },
                { "id": "second", "type": "test.flaky", "inputs": { "key": "{{key}}-second", "failTimes": 1 } },
                { "id": "third", "type": "test.count", "inputs": { "key": "{{key}}-third" } } ],
              "edges": [{ "id": "e1", "source": "first", "target": "second" }, { "id": "e2", "source": "second", "target": "third" }] }
            """);
        snapshot.Status.ShouldBe(InstanceStatus.Faulted);
        snapshot.Error!.NodeId.ShouldBe("second");

        (await engine.Client.RetryAsync(snapshot.InstanceId)).ShouldBe(RetryOutcome.Retried);
        var retried = await engine.WaitAsync(snapshot.InstanceId);

        retried.Status.ShouldBe(InstanceStatus.Completed);
        TestActivities.Runs[key + "-first"].ShouldBe(1);
        TestActivities.Runs[key + "-second"].ShouldBe(2);
        TestActivities.Runs[key + "-third"].ShouldBe(1);
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Count(j => j.NodeId == "first").ShouldBe(1);
        journal.Where(j => j.NodeId == "second").Select(j => j.Status).ShouldBe([JournalStatus.Failed, JournalStatus.Completed]);
        (await engine.Client.RetryAsync(snapshot.InstanceId)).ShouldBe(RetryOutcome.NotFaulted);
    }

    [Fact]
    public async Task Cancel_OfAFaultedInstance_EndsItCancelled()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""{ "id": "give-up", "nodes": [{ "id": "stop", "type": "flow.fail", "inputs": { "message": "broken" } }], "edges": [] }""");
        snapshot.Status.ShouldBe(InstanceStatus.Faulted);

        (await engine.Client.CancelAsync(snapshot.InstanceId)).ShouldBe(InstanceStatus.Faulted);

        // Faulted already counts as final for WaitAsync: watch the status change instead.
        InstanceSnapshot? cancelled = null;
        await WaitUntilAsync(() => (cancelled = engine.Client.GetAsync(snapshot.InstanceId).GetAwaiter().GetResult())!.Status == InstanceStatus.Cancelled);
        cancelled!.Error!.Type.ShouldBe("Cancelled");
        (await engine.Client.RetryAsync(snapshot.InstanceId)).ShouldBe(RetryOutcome.NotFaulted);
    }

    [Fact]
    public async Task Cancel_StopsRunningNodes_AndEndsCancelled()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var id = await engine.StartAsync($$"""
            { "id": "cancel", "nodes": [{ "id": "long", "type": "test.sleep", "inputs": { "key": "{{key}}", "milliseconds": 30000 } }], "edges": [] }
            """);
        await WaitUntilAsync(() => TestActivities.Runs.ContainsKey(key));

        (await engine.Client.CancelAsync(id)).ShouldBe(InstanceStatus.Running);
        var snapshot = await engine.WaitAsync(id);

        snapshot.Status.ShouldBe(InstanceStatus.Cancelled);
        (await engine.JournalAsync(id)).Single().Status.ShouldBe(JournalStatus.Cancelled);
    }

    [Fact]
    public async Task Terminate_EndsASuspendedInstanceAtOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.StartAsync("""{ "id": "terminate", "nodes": [{ "id": "wait", "type": "signal.wait", "inputs": { "signal": "never" } }], "edges": [] }""");
        await engine.WaitAsync(id, untilSuspended: true);

        await engine.Client.TerminateAsync(id);
        var snapshot = await engine.WaitAsync(id);

        snapshot.Status.ShouldBe(InstanceStatus.Terminated);
        (await engine.Client.SignalAsync(id, "never")).ShouldBe(SignalDelivery.InstanceEnded);
    }

    [Fact]
    public async Task Restart_ContinuesAnInstanceWaitingOnATimer()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var id = await engine.StartAsync($$"""
            { "id": "restart",
              "nodes": [
                { "id": "before", "type": "test.count", "inputs": { "key": "{{key}}-before" } },
                { "id": "pause", "type": "timer.delay", "inputs": { "duration": "00:00:01" } },
                { "id": "after", "type": "test.count", "inputs": { "key": "{{key}}-after" } } ],
              "edges": [{ "id": "e1", "source": "before", "target": "pause" }, { "id": "e2", "source": "pause", "target": "after" }] }
            """);
        await WaitUntilAsync(() => TestActivities.Runs.ContainsKey(key + "-before"));

        await engine.RestartAsync();
        var snapshot = await engine.WaitAsync(id);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        TestActivities.Runs[key + "-before"].ShouldBe(1);
        TestActivities.Runs[key + "-after"].ShouldBe(1);
    }

    [Fact]
    public async Task ChildWorkflow_RunsAndItsOutputReturnsToTheParent()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.SaveAsync("""
            { "id": "child", "inputs": [{ "name": "name", "type": "string" }],
              "nodes": [{ "id": "shout", "type": "flow.finish", "inputs": { "output": { "greeting": "{{ 'HELLO ' + input.name.toUpperCase() }}" } } }], "edges": [] }
            """);
        var snapshot = await engine.RunAsync("""
            { "id": "parent",
              "nodes": [
                { "id": "call", "type": "workflow.run", "inputs": { "definitionId": "child", "input": { "name": "{{ input.who }}" } } },
                { "id": "use", "type": "log", "inputs": { "message": "{{ nodes.call.output.greeting }}" } } ],
              "edges": [{ "id": "e1", "source": "call", "target": "use" }] }
            """, new JsonObject { ["who"] = "ada" });

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["use"]!["message"]!.GetValue<string>().ShouldBe("HELLO ADA");
        var children = await engine.Store.ListInstancesAsync(new InstanceQuery { ParentInstanceId = snapshot.InstanceId });
        children.Items.ShouldHaveSingleItem().Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task ManyInstances_AllComplete_AndEachNodeCompletesExactlyOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = await engine.SaveAsync("""
            { "id": "many",
              "nodes": [
                { "id": "a", "type": "vars.set", "inputs": { "name": "x", "value": "{{ input.n }}" } },
                { "id": "b", "type": "vars.set", "inputs": { "name": "y", "value": "{{ vars.x * 2 }}" } },
                { "id": "c", "type": "flow.finish", "inputs": { "output": "{{ vars.y }}" } } ],
              "edges": [{ "id": "e1", "source": "a", "target": "b" }, { "id": "e2", "source": "b", "target": "c" }] }
            """);
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(async n =>
            (n, (await engine.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, Input = new JsonObject { ["n"] = n } })).InstanceId)));

        foreach (var (n, id) in ids)
        {
            var snapshot = await engine.WaitAsync(id);
            snapshot.Status.ShouldBe(InstanceStatus.Completed);
            snapshot.Output!.GetValue<double>().ShouldBe(n * 2);
            (await engine.JournalAsync(id)).Count(j => j.Status == JournalStatus.Completed).ShouldBe(3);
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true in 20 s.");
            await Task.Delay(10);
        }
    }
}
