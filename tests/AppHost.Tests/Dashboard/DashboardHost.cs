using System.Net.Http.Headers;
using Weft.AppHost.Dashboard;

// Not "...Tests.Dashboard": inside Weft.AppHost.Tests, `Dashboard.X` must keep meaning Weft.AppHost.Dashboard.X.
namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>A DashboardServer on free loopback ports with a test catalog, and HTTP clients for both of its apps.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private DashboardHost(DashboardServer server, TestResourceCatalog catalog)
    {
        Server = server;
        Catalog = catalog;
        Api = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        Otlp = new HttpClient { BaseAddress = server.OtlpEndpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public DashboardServer Server { get; }
    public TestResourceCatalog Catalog { get; }

    /// <summary>Calls the dashboard app with the bearer token.</summary>
    public HttpClient Api { get; }

    /// <summary>Calls the OTLP receiver, without the key unless a test adds it.</summary>
    public HttpClient Otlp { get; }

    public static async Task<DashboardHost> StartAsync(int maxSpans = 100_000, int maxLogs = 50_000, int maxMetricPoints = 100_000, TestResourceCatalog? catalog = null)
    {
        catalog ??= new TestResourceCatalog();
        var options = new DashboardOptions { Port = 0, OtlpPort = 0, MaxSpans = maxSpans, MaxLogs = maxLogs, MaxMetricPoints = maxMetricPoints };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return new DashboardHost(await DashboardServer.StartAsync(options, catalog, timeout.Token), catalog);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Otlp.Dispose();
        await Server.DisposeAsync();
    }
}
