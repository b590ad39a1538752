using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Weft.ServiceDefaults.Tests;

public sealed class TelemetryTests
{
    private const string ServiceName = "weft-telemetry-test";

    private static Dictionary<string, string?> Otlp(OtlpReceiver receiver, string? headers = null) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
        ["OTEL_SERVICE_NAME"] = ServiceName,
        ["OTEL_EXPORTER_OTLP_HEADERS"] = headers ?? "",
    };

    private static void MapPing(WebApplication app) =>
        app.MapGet("/ping", (ILogger<TelemetryTests> logger, string? marker) =>
        {
            using (logger.BeginScope(new Dictionary<string, object> { ["weft.test.scope"] = "scope-" + marker }))
                logger.LogWarning("ping handled {Marker}", marker);
            return "pong";
        });

    [Fact]
    public async Task Export_RequestsHandled_TracesArriveAsProtobufWithoutHealthProbes()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(MapPing, Otlp(receiver));
        using var watcher = new ServerSpanWatcher();

        (await app.Client.GetAsync(new Uri("health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client.GetAsync(new Uri("alive", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client.GetStringAsync(new Uri("ping", UriKind.Relative))).ShouldBe("pong");
        await watcher.WaitForEndAsync(app.BaseAddress, "/health");
        await watcher.WaitForEndAsync(app.BaseAddress, "/alive");
        await watcher.WaitForEndAsync(app.BaseAddress, "/ping");
        app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();

        var traces = await receiver.WaitForAsync("/v1/traces", r => r.Contains("GET /ping"));
        traces.ContentType.ShouldBe("application/x-protobuf");
        traces.Contains(ServiceName).ShouldBeTrue();
        traces.Contains("http.route").ShouldBeTrue();
        traces.Contains(new Uri(app.BaseAddress, "ping").ToString()).ShouldBeTrue("the client span of the test's own call");
        // Neither the server spans of the probes nor the client spans calling them were exported.
        receiver.Requests.Where(r => r.Path == "/v1/traces").ShouldAllBe(r => !r.Contains("/health") && !r.Contains("/alive"));
    }

    [Fact]
    public async Task Export_OtlpHeadersConfigured_ReachTheReceiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(MapPing, Otlp(receiver, headers: "x-weft-api-key=secret-123,x-tenant=t1"));
        using var watcher = new ServerSpanWatcher();

        await app.Client.GetStringAsync(new Uri("ping", UriKind.Relative));
        await watcher.WaitForEndAsync(app.BaseAddress, "/ping");
        app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();

        var traces = await receiver.WaitForAsync("/v1/traces");
        traces.Headers["x-weft-api-key"].ShouldBe("secret-123");
        traces.Headers["x-tenant"].ShouldBe("t1");
    }

    [Fact]
    public async Task Shutdown_SpansStillBatched_AreFlushedToTheReceiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(MapPing, Otlp(receiver));
        using var watcher = new ServerSpanWatcher();

        await app.Client.GetStringAsync(new Uri("ping", UriKind.Relative));
        await watcher.WaitForEndAsync(app.BaseAddress, "/ping");
        // No ForceFlush: the batch processor would hold the span for its 5 s delay; stopping the host must send it.
        await app.StopAsync();

        receiver.Requests.ShouldContain(r => r.Path == "/v1/traces" && r.Contains("GET /ping"));
    }

    [Fact]
    public async Task Export_LogWrittenInRequest_ArrivesWithFormattedMessageAndScope()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var app = await TestApp.StartAsync(MapPing, Otlp(receiver));
        await app.Client.GetStringAsync(new Uri("ping?marker=m-4711", UriKind.Relative));

        // Disposing the host disposes the logger provider, which flushes its batch.
        await app.DisposeAsync();

        var logs = await receiver.WaitForAsync("/v1/logs", r => r.Contains("ping handled m-4711"), TimeSpan.FromSeconds(5));
        logs.Contains("scope-m-4711").ShouldBeTrue();
        logs.Contains(ServiceName).ShouldBeTrue();
    }

    [Fact]
    public async Task Export_RequestHandled_HostingMetricsArrive()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(MapPing, Otlp(receiver));
        using var watcher = new ServerSpanWatcher();

        await app.Client.GetStringAsync(new Uri("ping", UriKind.Relative));
        await watcher.WaitForEndAsync(app.BaseAddress, "/ping");
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000).ShouldBeTrue();

        var metrics = await receiver.WaitForAsync("/v1/metrics", r => r.Contains("http.server.request.duration"));
        metrics.ContentType.ShouldBe("application/x-protobuf");
        metrics.Contains(ServiceName).ShouldBeTrue();
    }

    [Fact]
    public async Task Export_NoEndpointConfigured_NothingIsSentAndNothingFails()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // The receiver's address is configured under every key except the endpoint: nothing may go anywhere.
        var app = await TestApp.StartAsync(MapPing, new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-weft-api-key=secret-123",
            ["services:collector:http:0"] = receiver.Endpoint.ToString(),
        });
        using var watcher = new ServerSpanWatcher();

        (await app.Client.GetStringAsync(new Uri("ping?marker=quiet", UriKind.Relative))).ShouldBe("pong");
        await watcher.WaitForEndAsync(app.BaseAddress, "/ping");
        app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000).ShouldBeTrue();
        await app.DisposeAsync();

        receiver.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Propagation_IncomingTraceparent_FlowsToOutgoingFactoryClientCall()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        await using var app = await TestApp.StartAsync(web =>
        {
            web.MapGet("/echo", (HttpRequest request) => request.Headers["traceparent"].ToString());
            web.MapGet("/call", async (HttpContext context, IHttpClientFactory factory) =>
                await factory.CreateClient().GetStringAsync(new Uri($"http://{context.Request.Host}/echo")));
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("call", UriKind.Relative));
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");

        using var response = await app.Client.SendAsync(request);

        var forwarded = await response.Content.ReadAsStringAsync();
        forwarded.ShouldStartWith($"00-{traceId}-");
        forwarded.ShouldNotContain("b7ad6b7169203331"); // a new parent span: the server span, then the client span
    }
}
