using System.Security.Cryptography;

namespace Weft.AppHost.Dashboard;

/// <summary>Where the dashboard listens, how it is protected and how much telemetry it keeps.</summary>
public sealed class DashboardOptions
{
    /// <summary>Port of the dashboard web app on 127.0.0.1. Default 18888; 0 picks a free port.</summary>
    public int Port { get; init; } = 18888;

    /// <summary>
    /// Port of the OTLP/HTTP receiver on 127.0.0.1 (its own Kestrel app, so telemetry ingestion never
    /// queues behind the pages). Default 18889; 0 picks a free port.
    /// </summary>
    public int OtlpPort { get; init; } = 18889;

    /// <summary>Token that opens the dashboard (<c>/login?t=TOKEN</c> or <c>Authorization: Bearer TOKEN</c>). Default: 32 random hex characters, new each start.</summary>
    public string Token { get; init; } = RandomSecret();

    /// <summary>Value the OTLP receiver requires in <c>x-otlp-api-key</c>. Default: 32 random hex characters, new each start.</summary>
    public string OtlpApiKey { get; init; } = RandomSecret();

    /// <summary>Spans kept in memory before the oldest are dropped. Default 100,000.</summary>
    public int MaxSpans { get; init; } = 100_000;

    /// <summary>Structured log records kept. Default 50,000.</summary>
    public int MaxLogs { get; init; } = 50_000;

    /// <summary>Metric data points kept. Default 100,000.</summary>
    public int MaxMetricPoints { get; init; } = 100_000;

    internal static string RandomSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
