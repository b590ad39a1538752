using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Weft.Studio.Tests.Hosting;

/// <summary>
/// A small HTTP server on real Kestrel (127.0.0.1, free port) standing in for the workflow server where a test needs to see
/// exactly what the forwarder sent, or to control when a streamed body's next chunk is written.
/// </summary>
public sealed class UpstreamHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UpstreamHost(WebApplication app)
    {
        _app = app;
        BaseAddress = StudioHost.AddressOf(app);
    }

    public Uri BaseAddress { get; }

    public static async Task<UpstreamHost> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        // A test that stops it mid-stream should not wait out the default 30 s drain.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new UpstreamHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
