using System.Text.Json;
using Weft.AppHost.Dashboard;

namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>The telemetry queries behind the Traces, Structured logs and Metrics pages, over real SDK exports.</summary>
public sealed class TelemetryApiTests : IAsyncLifetime
{
    private DashboardHost _host = null!;
    private TelemetrySample.Ids _ids = null!;

    public async Task InitializeAsync()
    {
        _host = await DashboardHost.StartAsync();
        _ids = TelemetrySample.Export(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> GetAsync(string path)
    {
        using var document = JsonDocument.Parse(await _host.Api.GetStringAsync(path));
        return document.RootElement.Clone();
    }

    private static string[] Strings(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();

    private static string[] Values(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Trace_SpansFromTwoResources_AreOrderedParentFirstWithDepths()
    {
        var trace = await GetAsync($"api/traces/{_ids.IngestTraceId}");
        var spans = trace.GetProperty("spans");
        // The upsert's parent span was never received, so it is shown as a second root, after the first.
        Strings(spans, "name").ShouldBe(["POST /workflows/ingest", "node extract", "chat gpt-4o-mini", "node store", "PUT /collections/docs/points"]);
        spans.EnumerateArray().Select(s => s.GetProperty("depth").GetInt32()).ShouldBe([0, 1, 2, 1, 0]);
        Strings(spans, "resource").ShouldBe(["workflow-server", "workflow-server", "workflow-server", "workflow-server", "vector-store"]);
        trace.GetProperty("durationMs").GetDouble().ShouldBe(310, tolerance: 0.01);
        var extract = spans[1];
        extract.GetProperty("offsetMs").GetDouble().ShouldBe(10, tolerance: 0.01);
        extract.GetProperty("events")[0].GetProperty("name").GetString().ShouldBe("chunked");
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData("resource=vector-store", 1)]
    [InlineData("name=chat", 1)]
    [InlineData("minDurationMs=100", 1)]
    [InlineData("minDurationMs=400", 0)]
    [InlineData("status=error", 1)]
    [InlineData("status=ok", 1)]
    public async Task Traces_Filtered_ReturnTheMatchingTraces(string query, int expected)
    {
        var traces = await GetAsync($"api/traces?{query}");
        traces.GetArrayLength().ShouldBe(expected);
    }

    [Fact]
    public async Task Traces_Unfiltered_ListNewestFirstWithSummary()
    {
        var traces = await GetAsync("api/traces");
        Strings(traces, "traceId").ShouldBe([_ids.FailedTraceId, _ids.IngestTraceId]);
        traces[0].GetProperty("hasError").GetBoolean().ShouldBeTrue();
        traces[1].GetProperty("spanCount").GetInt32().ShouldBe(5);
        traces[1].GetProperty("rootName").GetString().ShouldBe("POST /workflows/ingest");
        Values(traces[1].GetProperty("resources")).ShouldBe(["workflow-server", "vector-store"]);
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("resource=studio", 1)]
    [InlineData("level=Warning", 2)]
    [InlineData("level=Error", 1)]
    [InlineData("text=gpt-4o", 1)]
    [InlineData("text=INST-1", 1)]
    public async Task Logs_Filtered_ReturnTheMatchingRecords(string query, int expected)
    {
        var logs = await GetAsync($"api/logs?{query}");
        logs.GetArrayLength().ShouldBe(expected);
    }

    [Fact]
    public async Task Metrics_ListInstrumentsPerResourceAndTheirSeries()
    {
        var instruments = await GetAsync("api/metrics?resource=workflow-server");
        Strings(instruments, "name").ShouldBe(["weft.node.duration", "weft.runs"]);
        instruments[0].GetProperty("kind").GetString().ShouldBe("Histogram");
        var series = await GetAsync("api/metrics/series?resource=workflow-server&name=weft.runs");
        series[0].GetProperty("label").GetString().ShouldBe("workflow=ingest");
        series[0].GetProperty("samples")[0].GetProperty("value").GetDouble().ShouldBe(3);
        var histogram = await GetAsync("api/metrics/series?resource=workflow-server&name=weft.node.duration");
        histogram[0].GetProperty("samples")[0].GetProperty("value").GetDouble().ShouldBe(42);
        Values(await GetAsync("api/telemetry/resources")).ShouldBe(["studio", "vector-store", "workflow-server"]);
    }
}
