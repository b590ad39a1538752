using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Weft.Engine.Runtime;
using Weft.WorkflowServer.Api;
using Weft.WorkflowServer.Hosting;
using Weft.WorkflowServer.Triggers;

namespace Weft.Studio.Tests.Hosting;

/// <summary>
/// The real workflow server, composed as src/WorkflowServer/Program.cs does, on Kestrel at 127.0.0.1 — Production, with an
/// API key, so only a caller that sends it (Studio's forwarder) gets in. Its SQLite file and data live in a temp directory
/// that survives <see cref="StopAsync"/>, so <see cref="StartAsync"/> can bring the same server back on the same port.
/// </summary>
public sealed class WorkflowServerHost : IAsyncDisposable
{
    public const string ApiKey = "e2e-studio-key";

    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    public WorkflowServerHost(IDictionary<string, string?>? settings = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("weft-studio-e2e-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Weft:Store:Sqlite:Path"] = Path.Combine(Directory, "weft.db"),
            ["Weft:Data:Directory"] = Path.Combine(Directory, "data"),
            ["Weft:Runtime:PollInterval"] = "00:00:00.100",
            ["Weft:Runtime:WorkerId"] = "studio-e2e-worker", // stable: a restarted server takes its leases back at once
            ["Weft:ApiKeys:0"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public string Directory { get; }
    public Uri? BaseAddress { get; private set; }
    public bool IsRunning => _app is not null;
    public IWorkflowClient Workflows => _app!.Services.GetRequiredService<IWorkflowClient>();

    /// <summary>Starts the server: on a free port the first time, on the same port after a stop.</summary>
    public async Task StartAsync()
    {
        if (_app is not null) return;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = Directory });
        builder.WebHost.UseUrls(BaseAddress is null ? "http://127.0.0.1:0" : BaseAddress.GetLeftPart(UriPartial.Authority));
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.AddServiceDefaults();
        builder.AddWorkflowServer();
        builder.AddWorkflowTriggers();
        var app = builder.Build();
        app.UseWorkflowServer();
        app.MapDefaultEndpoints();
        app.MapWorkflowApi();
        app.MapWorkflowTriggers();
        await app.StartAsync();
        _app = app;
        BaseAddress ??= StudioHost.AddressOf(app);
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        var app = _app;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>A client of the server itself (with the key), for arranging what a test needs.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* best effort: SQLite may still hold a file briefly */ }
    }
}
