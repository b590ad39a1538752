using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Weft.Studio.Hosting;

namespace Weft.Studio.Tests.Hosting;

/// <summary>
/// Studio as Program.cs composes it, on real Kestrel at 127.0.0.1 with a free port. Settings override configuration
/// (e.g. "Weft:Studio:ServerUrl"). Production by default, so nothing depends on Development conveniences.
/// </summary>
public sealed class StudioHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StudioHost(WebApplication app)
    {
        _app = app;
        BaseAddress = AddressOf(app);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    public static async Task<StudioHost> StartAsync(IDictionary<string, string?> settings, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddStudio();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapStudio();
        await app.StartAsync();
        return new StudioHost(app);
    }

    internal static Uri AddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
