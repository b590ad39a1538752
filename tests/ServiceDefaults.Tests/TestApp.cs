using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Weft.ServiceDefaults.Tests;

/// <summary>
/// A real Kestrel app on 127.0.0.1 with a free port. With <c>serviceDefaults</c> it is composed as a Weft service would be
/// (AddServiceDefaults + MapDefaultEndpoints); without, it is a bare backend for clients to call.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private TestApp(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A plain client (not from the factory, so without the resilience handler) for calling this app.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        Action<WebApplication> map,
        IDictionary<string, string?>? settings = null,
        bool serviceDefaults = true,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            // A collector configured in the environment must not receive (or change) what the tests export.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder);
        if (serviceDefaults) builder.AddServiceDefaults();

        var app = builder.Build();
        if (serviceDefaults) app.MapDefaultEndpoints();
        map(app);
        await app.StartAsync();
        return new TestApp(app);
    }

    /// <summary>A client from the app's IHttpClientFactory: resilience and service discovery included.</summary>
    public HttpClient CreateFactoryClient(string name = "") =>
        Services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }
}
