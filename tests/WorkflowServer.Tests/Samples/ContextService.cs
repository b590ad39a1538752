using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>
/// The "other context" service the chat pipeline calls over HTTP: GET /context?userId=&amp;intent=&amp;topics=
/// answers the user's current routine as JSON, on real Kestrel at 127.0.0.1. Every query is recorded.
/// It also serves a Markdown document at /docs/guide.md for ingestion by URL.
/// </summary>
internal sealed class ContextService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IQueryCollection> _requests = new();

    private ContextService(WebApplication app) => _app = app;

    public const string GuideMarkdown = "# Running guide\n\nWarm up for ten minutes before every run.\n\nRest one day between hard runs.\n";

    public Uri Url { get; private set; } = null!;

    /// <summary>Where <see cref="GuideMarkdown"/> is served.</summary>
    public Uri GuideUrl => new(Url, "/docs/guide.md");

    public IReadOnlyList<IQueryCollection> Requests => [.. _requests];

    public static async Task<ContextService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new ContextService(app);
        app.MapGet("/context", (HttpRequest request) =>
        {
            service._requests.Enqueue(request.Query);
            return Results.Json(new { userId = request.Query["userId"].ToString(), routine = new[] { "07:00 run", "08:00 breakfast" } });
        });
        // A document for document.load to fetch by URL.
        app.MapGet("/docs/guide.md", () => Results.Text(GuideMarkdown, "text/markdown"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Url = new Uri(address.TrimEnd('/') + "/context");
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
