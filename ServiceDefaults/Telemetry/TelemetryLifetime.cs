using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Weft.ServiceDefaults.Telemetry;

/// <summary>
/// Builds the tracer and meter providers when the host starts (they only listen once built) and disposes them after every
/// hosted service has stopped, so that the spans and metrics of the shutdown itself are flushed to the collector.
/// </summary>
internal sealed class TelemetryLifetime(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Dispose = shut down: the batch processors export what they hold (bounded by the SDK's own timeouts). The container
        // disposes them again later, which is a no-op.
        tracerProvider.Dispose();
        meterProvider.Dispose();
        return Task.CompletedTask;
    }
}
