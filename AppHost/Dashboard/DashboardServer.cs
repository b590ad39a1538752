using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.AppHost.Otlp;

namespace Weft.AppHost.Dashboard;

/// <summary>
/// The AppHost's dashboard: a token-protected web app over the supervisor's resources and the telemetry
/// its OTLP/HTTP receiver collects. Two Kestrel apps on 127.0.0.1 share one in-memory store: the pages
/// and their JSON API on <see cref="Url"/>, the receiver on <see cref="OtlpEndpoint"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _dashboard;
    private readonly WebApplication _otlp;

    private DashboardServer(WebApplication dashboard, WebApplication otlp, Uri url, Uri otlpEndpoint, DashboardOptions options, TelemetryStore telemetry)
    {
        _dashboard = dashboard;
        _otlp = otlp;
        Url = url;
        OtlpEndpoint = otlpEndpoint;
        Token = options.Token;
        OtlpApiKey = options.OtlpApiKey;
        Telemetry = telemetry;
    }

    /// <summary>Base URL of the dashboard pages, e.g. http://127.0.0.1:18888/.</summary>
    public Uri Url { get; }

    /// <summary>Base URL of the OTLP/HTTP receiver (what OTEL_EXPORTER_OTLP_ENDPOINT should be); signals at /v1/traces, /v1/logs, /v1/metrics.</summary>
    public Uri OtlpEndpoint { get; }

    /// <summary>The token that opens the dashboard.</summary>
    public string Token { get; }

    /// <summary>What exporters send in the <c>x-otlp-api-key</c> header.</summary>
    public string OtlpApiKey { get; }

    /// <summary>The URL that logs a browser in: <see cref="Url"/> + <c>login?t=TOKEN</c>.</summary>
    public Uri LoginUrl => new(Url, $"login?t={Uri.EscapeDataString(Token)}");

    internal TelemetryStore Telemetry { get; }

    public static async Task<DashboardServer> StartAsync(DashboardOptions options, IResourceCatalog resources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token, nameof(options.Token));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OtlpApiKey, nameof(options.OtlpApiKey));
        var telemetry = new TelemetryStore(new TelemetryRetention
        {
            MaxSpans = options.MaxSpans,
            MaxLogs = options.MaxLogs,
            MaxMetricPoints = options.MaxMetricPoints,
        });

        var otlp = CreateApp(options.OtlpPort);
        otlp.MapOtlpReceiver(telemetry, options.OtlpApiKey);

        var dashboard = CreateApp(options.Port);
        dashboard.UseDashboardAuthentication(options.Token);
        dashboard.MapDashboardApi(resources, telemetry);
        dashboard.MapDashboardAssets();

        await otlp.StartAsync(ct);
        try
        {
            await dashboard.StartAsync(ct);
        }
        catch
        {
            await otlp.DisposeAsync();
            throw;
        }
        return new DashboardServer(dashboard, otlp, BoundAddress(dashboard), BoundAddress(otlp), options, telemetry);
    }

    private static WebApplication CreateApp(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = OtlpReceiver.MaxBodyBytes;
        });
        builder.Services.Configure<JsonOptions>(json => DashboardJson.Configure(json.SerializerOptions));
        return builder.Build();
    }

    private static Uri BoundAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping cancels the open SSE streams (RequestAborted), so shutdown does not wait for them.
        await _dashboard.StopAsync(CancellationToken.None);
        await _otlp.StopAsync(CancellationToken.None);
        await _dashboard.DisposeAsync();
        await _otlp.DisposeAsync();
    }
}
