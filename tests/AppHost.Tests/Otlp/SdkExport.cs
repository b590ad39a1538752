using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Otlp;

namespace Weft.AppHost.Tests.OtlpTests;

/// <summary>
/// Real exports from the OpenTelemetry .NET SDK's OTLP exporter, configured as ServiceDefaults does
/// (HttpProtobuf, the key in a header), each flushed synchronously so the test can assert right after.
/// </summary>
internal static class SdkExport
{
    public static void Configure(OtlpExporterOptions exporter, DashboardServer server, string signal, string? apiKey = null)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(server.OtlpEndpoint, signal);
        exporter.Headers = $"{OtlpReceiver.ApiKeyHeader}={apiKey ?? server.OtlpApiKey}";
        exporter.TimeoutMilliseconds = 20_000;
    }

    public static ResourceBuilder Resource(string serviceName) =>
        ResourceBuilder.CreateEmpty().AddService(serviceName).AddAttributes([new("deployment.environment", "test")]);

    /// <summary>Runs <paramref name="emit"/> with an ActivitySource named <paramref name="sourceName"/> and exports what it started.</summary>
    public static void Traces(DashboardServer server, string serviceName, string sourceName, Action<ActivitySource> emit, string? apiKey = null)
    {
        using var source = new ActivitySource(sourceName);
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(Resource(serviceName))
            .AddSource(sourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o => Configure(o, server, "v1/traces", apiKey))
            .Build()!;
        emit(source);
        provider.ForceFlush(20_000).ShouldBeTrue("the OTLP trace export should succeed");
    }

    public static void Logs(DashboardServer server, string serviceName, Action<ILogger> emit)
    {
        using var factory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(Resource(serviceName));
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter(e => Configure(e, server, "v1/logs"));
            }));
        emit(factory.CreateLogger("Weft.Tests.Category"));
        // Disposing the factory disposes the logger provider, which flushes its batch synchronously.
    }

    public static void Metrics(DashboardServer server, string serviceName, string meterName, Action<Meter> emit)
    {
        using var meter = new Meter(meterName);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(Resource(serviceName))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                Configure(o, server, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build()!;
        emit(meter);
        provider.ForceFlush(20_000).ShouldBeTrue("the OTLP metric export should succeed");
    }
}
