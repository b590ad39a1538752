using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Runtime;

public sealed class RetryAndTimeoutTests
{
    [Fact]
    public async Task FlakyActivity_IsRetriedWithTheConfiguredBackoff_ThenSucceeds()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$"""
            { "id": "flaky",
              "nodes": [{ "id": "call", "type": "test.flaky", "inputs": { "key": "{{key}}", "failTimes": 2 },
                          "retry": { "maxAttempts": 4, "initialInterval": "00:00:00.200", "backoff": 2.0, "maxInterval": "00:00:05" } }],
              "edges": [] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["call"]!["attempt"]!.GetValue<int>().ShouldBe(3);
        var times = TestActivities.AttemptTimes[key].ToArray();
        times.Length.ShouldBe(3);
        // Delays are 200 ms then 400 ms (backoff 2.0); never shorter than configured.
        (times[1] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
        (times[2] - times[1]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390));
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Select(j => j.Status).ShouldBe([JournalStatus.Retrying, JournalStatus.Retrying, JournalStatus.Completed]);
        journal.Select(j => j.Attempt).ShouldBe([1, 2, 3]);
        journal[0].Error!.Type.ShouldBe("Transient");
    }

    [Fact]
    public async Task NonRetryableError_SkipsTheRemainingAttempts()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$"""
            { "id": "non-retryable",
              "nodes": [{ "id": "call", "type": "test.flaky", "inputs": { "key": "{{key}}", "failTimes": 5, "errorType": "BadRequest" },
                          "retry": { "maxAttempts": 5, "initialInterval": "00:00:00.010", "nonRetryable": ["BadRequest"] } }],
              "edges": [] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Faulted);
        snapshot.Error!.Type.ShouldBe("BadRequest");
        snapshot.Error.NodeId.ShouldBe("call");
        TestActivities.Runs[key].ShouldBe(1);
    }

    [Fact]
    public async Task AttemptPastItsTimeout_IsRetried_ThenRoutedToTheErrorPort()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$$"""
            { "id": "timeouts",
              "nodes": [
                { "id": "slow", "type": "test.hang", "inputs": { "key": "{{{key}}}", "milliseconds": 5000 },
                  "timeout": "00:00:00.150", "retry": { "maxAttempts": 2, "initialInterval": "00:00:00.050" }, "onError": "route" },
                { "id": "handled", "type": "log", "inputs": { "message": "recovered from {{ nodes.slow.output.type }}" } },
                { "id": "happy", "type": "log", "inputs": { "message": "not expected" } } ],
              "edges": [
                { "id": "e1", "source": "slow", "sourcePort": "error", "target": "handled" },
                { "id": "e2", "source": "slow", "target": "happy" } ] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        TestActivities.AttemptTimes[key].Count.ShouldBe(2);
        snapshot.NodeOutputs["handled"]!["message"]!.GetValue<string>().ShouldBe("recovered from Timeout");
        snapshot.NodeOutputs.Keys.ShouldNotContain("happy");
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        var slow = journal.Where(j => j.NodeId == "slow").ToArray();
        slow.Select(j => j.Status).ShouldBe([JournalStatus.Retrying, JournalStatus.Failed]);
        slow.ShouldAllBe(j => j.Error!.Type == ErrorTypes.Timeout);
        slow.ShouldAllBe(j => j.DurationMs < 2000);
    }

    [Fact]
    public async Task OnErrorContinue_CompletesTheNodeWithNullOutput()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$$"""
            { "id": "continue",
              "nodes": [
                { "id": "call", "type": "test.flaky", "inputs": { "key": "{{{key}}}", "failTimes": 1 }, "onError": "continue" },
                { "id": "next", "type": "log", "inputs": { "message": "output was {{ nodes.call.output ?? 'null' }}" } } ],
              "edges": [{ "id": "e1", "source": "call", "target": "next" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["next"]!["message"]!.GetValue<string>().ShouldBe("output was null");
    }

    [Fact]
    public async Task ExecutionTimeout_CancelsRunningNodes_AndEndsTimedOut()
    {
        await using var engine = await TestEngine.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var snapshot = await engine.RunAsync($$"""
            { "id": "execution-timeout", "options": { "executionTimeout": "00:00:00.300" },
              "nodes": [
                { "id": "long", "type": "test.sleep", "inputs": { "key": "{{key}}", "milliseconds": 20000 } },
                { "id": "never", "type": "log", "inputs": { "message": "unreachable in time" } } ],
              "edges": [{ "id": "e1", "source": "long", "target": "never" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.TimedOut);
        snapshot.Error!.Type.ShouldBe(ErrorTypes.Timeout);
        (snapshot.CompletedAt!.Value - snapshot.CreatedAt).ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var journal = await engine.JournalAsync(snapshot.InstanceId);
        journal.Single(j => j.NodeId == "long").Status.ShouldBe(JournalStatus.Cancelled);
        journal.ShouldNotContain(j => j.NodeId == "never");
    }

    [Fact]
    public async Task ExecutionTimeout_EndsASuspendedInstanceToo()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "suspended-timeout", "options": { "executionTimeout": "00:00:00.300" },
              "nodes": [{ "id": "wait", "type": "signal.wait", "inputs": { "signal": "never" } }], "edges": [] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.TimedOut);
    }

    [Fact]
    public async Task LongRetryDelay_ReleasesTheInstance_AndADurableTimerWakesIt()
    {
        await using var engine = await TestEngine.StartAsync(o => o.InMemoryWaitThreshold = TimeSpan.Zero);
        var key = Guid.NewGuid().ToString("N");
        var id = await engine.StartAsync($$"""
            { "id": "durable-retry",
              "nodes": [{ "id": "call", "type": "test.flaky", "inputs": { "key": "{{key}}", "failTimes": 1 },
                          "retry": { "maxAttempts": 2, "initialInterval": "00:00:00.500" } }],
              "edges": [] }
            """);

        // While the retry waits, the instance is not held by any worker: the work queue carries the timer.
        await Task.Delay(250);
        (await engine.Store.GetQueuesAsync(DateTimeOffset.UtcNow)).Single(q => q.Queue == "default").Leased.ShouldBe(0);
        var snapshot = await engine.WaitAsync(id);
        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["call"]!["attempt"]!.GetValue<int>().ShouldBe(2);
    }
}
