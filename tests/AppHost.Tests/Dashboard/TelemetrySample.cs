using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Weft.AppHost.Tests.OtlpTests;

namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>
/// A small, known set of real SDK exports the dashboard tests query and display: one trace across two
/// resources (root → extract → chat, root → store), one failing trace, logs at three levels, and metrics.
/// </summary>
internal static class TelemetrySample
{
    public static readonly DateTime Start = DateTime.UtcNow.AddSeconds(-30);

    public sealed record Ids(string IngestTraceId, string FailedTraceId);

    public static Ids Export(DashboardHost host)
    {
        string ingest = "", failed = "";
        SdkExport.Traces(host.Server, "workflow-server", "Weft.Sample", source =>
        {
            var root = source.StartActivity("POST /workflows/ingest", ActivityKind.Server, parentContext: default, startTime: Start)!;
            root.SetTag("http.route", "/workflows/ingest");
            var extract = source.StartActivity("node extract", ActivityKind.Internal, root.Context, startTime: Start.AddMilliseconds(10))!;
            extract.SetTag("weft.node.id", "extract");
            extract.AddEvent(new ActivityEvent("chunked", Start.AddMilliseconds(15), new ActivityTagsCollection { ["chunks"] = 4 }));
            var chat = source.StartActivity("chat gpt-4o-mini", ActivityKind.Client, extract.Context, startTime: Start.AddMilliseconds(20))!;
            chat.SetTag("gen_ai.request.model", "gpt-4o-mini");
            chat.SetEndTime(Start.AddMilliseconds(220)); chat.Stop();
            extract.SetEndTime(Start.AddMilliseconds(240)); extract.Stop();
            var store = source.StartActivity("node store", ActivityKind.Internal, root.Context, startTime: Start.AddMilliseconds(250))!;
            store.SetEndTime(Start.AddMilliseconds(300)); store.Stop();
            root.SetEndTime(Start.AddMilliseconds(310)); root.Stop();
            ingest = root.TraceId.ToHexString();

            var bad = source.StartActivity("POST /workflows/broken", ActivityKind.Server, parentContext: default, startTime: Start.AddSeconds(1))!;
            bad.SetStatus(ActivityStatusCode.Error, "node failed");
            bad.SetEndTime(Start.AddSeconds(1).AddMilliseconds(5)); bad.Stop();
            failed = bad.TraceId.ToHexString();
        });
        // The vector store's side of the ingest trace, exported by another resource with the same trace id.
        SdkExport.Traces(host.Server, "vector-store", "Weft.Sample.Vectors", source =>
        {
            var parent = new ActivityContext(ActivityTraceId.CreateFromString(ingest), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
            var upsert = source.StartActivity("PUT /collections/docs/points", ActivityKind.Server, parent, startTime: Start.AddMilliseconds(260))!;
            upsert.SetEndTime(Start.AddMilliseconds(290)); upsert.Stop();
        });
        SdkExport.Logs(host.Server, "workflow-server", logger =>
        {
            logger.LogInformation("Instance {InstanceId} started", "inst-1");
            logger.LogWarning("Slow model call {Model}", "gpt-4o-mini");
            logger.LogError("Node {Node} failed", "broken");
        });
        SdkExport.Logs(host.Server, "studio", logger => logger.LogInformation("Studio ready"));
        SdkExport.Metrics(host.Server, "workflow-server", "Weft.Sample.Metrics", meter =>
        {
            meter.CreateCounter<long>("weft.runs").Add(3, new KeyValuePair<string, object?>("workflow", "ingest"));
            meter.CreateHistogram<double>("weft.node.duration", unit: "ms").Record(42);
        });
        return new Ids(ingest, failed);
    }
}
