using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Weft.WorkflowServer.Tests.Triggers;

/// <summary>
/// A tiny HTTP API on 127.0.0.1 for <c>http.request</c> to call: <c>POST /echo</c> answers
/// <c>{received, query, contentType}</c>; <c>GET /flaky</c> answers 503 the first time and 200 after.
/// Counts the calls of each.
/// </summary>
internal sealed class LoopbackApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _echoCalls;
    private int _flakyCalls;

    private LoopbackApi(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;
    public int EchoCalls => Volatile.Read(ref _echoCalls);
    public int FlakyCalls => Volatile.Read(ref _flakyCalls);

    public static async Task<LoopbackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new LoopbackApi(app);

        app.MapPost("/echo", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref api._echoCalls);
            var body = await JsonNode.ParseAsync(request.Body);
            return Results.Json(new JsonObject
            {
                ["received"] = body,
                ["query"] = request.QueryString.Value,
                ["contentType"] = request.ContentType,
            });
        });
        app.MapGet("/flaky", () => Interlocked.Increment(ref api._flakyCalls) == 1
            ? Results.Text("warming up", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new JsonObject { ["ok"] = true }));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseAddress = new Uri(address + "/");
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
