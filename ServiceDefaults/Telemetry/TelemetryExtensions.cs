using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Weft.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (read now,
    /// from the builder's configuration). Without it the providers still run — spans exist for W3C trace-context propagation
    /// and for in-process readers — but nothing leaves the process. <see cref="TracerProvider"/> and
    /// <see cref="MeterProvider"/> are singletons (ForceFlush them in tests).
    /// </summary>
    public static TBuilder AddWeftTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = OtlpSettings.From(builder.Configuration);
        var resource = TelemetryResource.Create(builder.Configuration, builder.Environment.ApplicationName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(resource);
            if (otlp.Enabled)
                logging.AddProcessor(_ => new BatchLogRecordExportProcessor(new OtlpLogExporter(otlp.ForSignal("v1/logs"))));
        });

        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(TelemetrySources.ActivitySources);
            if (otlp.Enabled)
            {
                tracing.AddProcessor(new HealthPathFilter(
                    new BatchActivityExportProcessor(new OtlpTraceExporter(otlp.ForSignal("v1/traces")))));
            }
            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(TelemetrySources.Meters);
            if (otlp.Enabled)
            {
                metrics.AddReader(new PeriodicExportingMetricReader(
                    new OtlpMetricExporter(otlp.ForSignal("v1/metrics")), otlp.MetricExportIntervalMilliseconds));
            }
            return metrics.Build();
        });
        builder.Services.AddHostedService<TelemetryLifetime>();
        builder.Services.AddTransient<IStartupFilter, ServerSpanEnricher>();
        return builder;
    }
}
