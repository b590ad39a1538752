using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.WorkflowServer.Api;
using Weft.WorkflowServer.Hosting;
using Weft.WorkflowServer.Triggers;

namespace Weft.WorkflowServer.Tests;

/// <summary>
/// The workflow server as Program.cs composes it, on real Kestrel bound to 127.0.0.1 with a free port
/// and a SQLite file in a temp directory. Settings override configuration (e.g. "Weft:ApiKeys:0").
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDirectory;

    private ServerHost(WebApplication app, string directory, bool ownsDirectory)
    {
        _app = app;
        Directory = directory;
        _ownedDirectory = ownsDirectory ? directory : null;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    /// <summary>Where the SQLite file lives; pass it to another host to share the store.</summary>
    public string Directory { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The server's store, to check what a request did (or did not) change.</summary>
    public IWorkflowStore Store => _app.Services.GetRequiredService<IWorkflowStore>();

    /// <summary>The server's workflow client, to wait for instances without polling over HTTP.</summary>
    public IWorkflowClient Workflows => _app.Services.GetRequiredService<IWorkflowClient>();

    public static async Task<ServerHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        string environment = "Development",
        string? directory = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplicationBuilder>? configureAfter = null,
        Action<WebApplication>? map = null)
    {
        var owns = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("weft-server-test-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Weft:Store:Sqlite:Path"] = Path.Combine(directory, "weft.db"),
            ["Weft:Data:Directory"] = Path.Combine(directory, "data"),
            ["Weft:Runtime:PollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder);

        // The same composition as src/WorkflowServer/Program.cs.
        builder.AddServiceDefaults();
        builder.AddWorkflowServer();
        builder.AddWorkflowTriggers();
        configureAfter?.Invoke(builder); // after the composition: replaces what it registered (test doubles)
        var app = builder.Build();
        app.UseWorkflowServer();
        app.MapDefaultEndpoints();
        app.MapWorkflowApi();
        app.MapWorkflowTriggers();
        map?.Invoke(app);

        await app.StartAsync();
        return new ServerHost(app, directory, owns);
    }

    /// <summary>A client that sends <paramref name="apiKey"/> as X-Api-Key.</summary>
    public HttpClient ClientWithKey(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedDirectory is not null)
        {
            try { System.IO.Directory.Delete(_ownedDirectory, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }

    public static MediaTypeHeaderValue Json => new("application/json");
}
