using System.Collections.Concurrent;
using System.Diagnostics;
using Weft.Engine.Runtime;
using Weft.Engine.Telemetry;

namespace Weft.Engine.Tests.Runtime;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Spans_EveryNodeIsAChildOfTheRunSpan_WhichContinuesTheCallersTrace()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WeftTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var engine = await TestEngine.StartAsync();
        var definition = await engine.SaveAsync("""
            { "id": "traced",
              "nodes": [
                { "id": "a", "type": "test.sleep", "inputs": { "key": "traced-a", "milliseconds": 50 } },
                { "id": "b", "type": "test.sleep", "inputs": { "key": "traced-b", "milliseconds": 50 } },
                { "id": "c", "type": "log", "inputs": { "message": "joined" } } ],
              "edges": [{ "id": "e1", "source": "a", "target": "c" }, { "id": "e2", "source": "b", "target": "c" }] }
            """);
        var traceId = ActivityTraceId.CreateRandom();
        var traceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";

        var started = await engine.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, TraceParent = traceParent });
        (await engine.WaitAsync(started.InstanceId)).Status.ShouldBe(InstanceStatus.Completed);

        var mine = spans.Where(s => (string?)s.GetTagItem(WeftTelemetry.InstanceId) == started.InstanceId).ToArray();
        var run = mine.Single(s => s.OperationName == "workflow traced");
        run.TraceId.ShouldBe(traceId);
        var nodes = mine.Where(s => s.OperationName.StartsWith("node ", StringComparison.Ordinal)).ToArray();
        nodes.Select(s => s.GetTagItem(WeftTelemetry.NodeId)).OrderBy(x => x).ShouldBe(["a", "b", "c"]);
        nodes.ShouldAllBe(s => s.ParentSpanId == run.SpanId && s.TraceId == traceId);
        nodes.ShouldAllBe(s => s.GetTagItem(WeftTelemetry.ActivityType) != null && s.GetTagItem(WeftTelemetry.Attempt) != null);
    }
}
