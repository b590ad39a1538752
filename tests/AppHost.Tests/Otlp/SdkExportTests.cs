using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Weft.AppHost.Otlp;
using Weft.AppHost.Tests.DashboardTests;

namespace Weft.AppHost.Tests.OtlpTests;

/// <summary>What the OpenTelemetry .NET SDK's OTLP/HTTP protobuf exporter sends arrives whole in the store.</summary>
public sealed class SdkExportTests
{
    [Fact]
    public async Task TraceExport_FromOpenTelemetrySdk_StoresSpansWithAttributesParentsEventsAndResource()
    {
        await using var host = await DashboardHost.StartAsync();
        string traceId = "", rootId = "", childId = "";
        SdkExport.Traces(host.Server, "workflow-server", "Weft.Tests.Traces", source =>
        {
            using var root = source.StartActivity("POST /workflows/{route}", ActivityKind.Server)!;
            root.SetTag("http.request.method", "POST").SetTag("http.response.status_code", 200).SetTag("weft.ratio", 0.5).SetTag("weft.flag", true);
            using (var child = source.StartActivity("node extract", ActivityKind.Internal)!)
            {
                child.SetTag("weft.node.id", "extract").SetTag("weft.tags", new[] { "a", "b" });
                child.AddEvent(new ActivityEvent("retrying", tags: new ActivityTagsCollection { ["weft.attempt"] = 2 }));
                child.SetStatus(ActivityStatusCode.Error, "model timed out");
                childId = child.SpanId.ToHexString();
            }
            traceId = root.TraceId.ToHexString();
            rootId = root.SpanId.ToHexString();
        });

        var spans = host.Server.Telemetry.Spans();
        spans.Count.ShouldBe(2);
        var storedRoot = spans.Single(s => s.SpanId == rootId);
        var storedChild = spans.Single(s => s.SpanId == childId);
        storedRoot.TraceId.ShouldBe(traceId);
        storedRoot.ParentSpanId.ShouldBeNull();
        storedRoot.Name.ShouldBe("POST /workflows/{route}");
        storedRoot.Kind.ShouldBe(SpanKind.Server);
        storedRoot.Scope.ShouldBe("Weft.Tests.Traces");
        storedRoot.Resource.Name.ShouldBe("workflow-server");
        storedRoot.Resource.Attributes.ShouldContain(new TelemetryAttribute("deployment.environment", "test"));
        storedRoot.Attributes.ShouldContain(new TelemetryAttribute("http.request.method", "POST"));
        storedRoot.Attributes.ShouldContain(new TelemetryAttribute("http.response.status_code", "200"));
        storedRoot.Attributes.ShouldContain(new TelemetryAttribute("weft.ratio", "0.5"));
        storedRoot.Attributes.ShouldContain(new TelemetryAttribute("weft.flag", "true"));
        storedRoot.EndUnixNano.ShouldBeGreaterThanOrEqualTo(storedRoot.StartUnixNano);
        storedRoot.StartUnixNano.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000);

        storedChild.TraceId.ShouldBe(traceId);
        storedChild.ParentSpanId.ShouldBe(rootId);
        storedChild.Kind.ShouldBe(SpanKind.Internal);
        storedChild.Status.ShouldBe(SpanStatusCode.Error);
        storedChild.StatusMessage.ShouldBe("model timed out");
        storedChild.Attributes.ShouldContain(new TelemetryAttribute("weft.node.id", "extract"));
        storedChild.Attributes.ShouldContain(new TelemetryAttribute("weft.tags", "[a, b]"));
        var retrying = storedChild.Events.ShouldHaveSingleItem();
        retrying.Name.ShouldBe("retrying");
        retrying.Attributes.ShouldContain(new TelemetryAttribute("weft.attempt", "2"));
    }

    [Fact]
    public async Task LogExport_FromOpenTelemetrySdk_StoresRecordsWithLevelsAttributesAndSpanIds()
    {
        await using var host = await DashboardHost.StartAsync();
        string traceId = "", spanId = "";
        SdkExport.Logs(host.Server, "studio", logger =>
        {
            using var activity = new Activity("request").Start();
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
            logger.LogWarning("Instance {InstanceId} waited {Seconds} s", "inst-7", 12);
            activity.Stop();
            logger.LogError(new InvalidOperationException("boom"), "Node {Node} failed", "summarize");
            logger.LogDebug("quiet detail");
        });

        var logs = host.Server.Telemetry.Logs();
        logs.Count.ShouldBe(3);
        logs.ShouldAllBe(l => l.Resource.Name == "studio" && l.Scope == "Weft.Tests.Category");
        var warning = logs.Single(l => l.Level == "Warning");
        warning.Body.ShouldBe("Instance inst-7 waited 12 s");
        warning.SeverityNumber.ShouldBeInRange(13, 16);
        warning.Attributes.ShouldContain(new TelemetryAttribute("InstanceId", "inst-7"));
        warning.Attributes.ShouldContain(new TelemetryAttribute("Seconds", "12"));
        warning.TraceId.ShouldBe(traceId);
        warning.SpanId.ShouldBe(spanId);
        var error = logs.Single(l => l.Level == "Error");
        error.Body.ShouldBe("Node summarize failed");
        error.TraceId.ShouldBeNull();
        error.Attributes.ShouldContain(a => a.Key == "exception.message" && a.Value == "boom");
        logs.ShouldContain(l => l.Level == "Debug" && l.Body == "quiet detail");
    }

    [Fact]
    public async Task MetricExport_FromOpenTelemetrySdk_StoresGaugeSumAndHistogramPoints()
    {
        await using var host = await DashboardHost.StartAsync();
        SdkExport.Metrics(host.Server, "workflow-server", "Weft.Tests.Metrics", meter =>
        {
            var runs = meter.CreateCounter<long>("weft.runs", unit: "{run}", description: "Workflow runs");
            runs.Add(3, new KeyValuePair<string, object?>("workflow", "ingest"));
            runs.Add(2, new KeyValuePair<string, object?>("workflow", "ingest"));
            var duration = meter.CreateHistogram<double>("weft.run.duration", unit: "ms");
            duration.Record(10);
            duration.Record(30);
            meter.CreateObservableGauge("weft.queue.depth", () => 7.5);
        });

        // The provider exports on ForceFlush and again when disposed: cumulative points, the same values twice.
        var points = host.Server.Telemetry.MetricPoints();
        points.Count(p => p.Name == "weft.runs").ShouldBeGreaterThanOrEqualTo(1);
        points.ShouldAllBe(p => p.Resource.Name == "workflow-server" && p.Scope == "Weft.Tests.Metrics");
        var runsPoint = points.Last(p => p.Name == "weft.runs");
        runsPoint.Kind.ShouldBe(MetricKind.Sum);
        runsPoint.IsMonotonic.ShouldBeTrue();
        runsPoint.Value.ShouldBe(5);
        runsPoint.Unit.ShouldBe("{run}");
        runsPoint.Description.ShouldBe("Workflow runs");
        runsPoint.Attributes.ShouldBe([new TelemetryAttribute("workflow", "ingest")]);
        var histogram = points.Last(p => p.Name == "weft.run.duration");
        histogram.Kind.ShouldBe(MetricKind.Histogram);
        histogram.Count.ShouldBe(2UL);
        histogram.Value.ShouldBe(40);
        histogram.Min.ShouldBe(10);
        histogram.Max.ShouldBe(30);
        histogram.BucketCounts.Count.ShouldBe(histogram.ExplicitBounds.Count + 1);
        histogram.BucketCounts.Aggregate(0UL, (a, b) => a + b).ShouldBe(2UL);
        var gauge = points.Last(p => p.Name == "weft.queue.depth");
        gauge.Kind.ShouldBe(MetricKind.Gauge);
        gauge.Value.ShouldBe(7.5);
    }
}
