using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Weft.WorkflowServer.Api;
using Weft.WorkflowServer.Hosting;
using Weft.WorkflowServer.Triggers;

namespace Weft.Bench;

/// <summary>
/// HTTP trigger → respond (trivial, and with 10 nodes) against a plain ASP.NET endpoint doing the same
/// JSON echo, both on Kestrel over loopback in this process, at concurrency 1 and 32.
/// Usage: dotnet run -c Release --project bench/Weft.Bench -- http [seconds=5] [workflows=trivial,ten] [concurrency=1,32]
/// (the last two narrow a run to the cells a profile should look at).
/// </summary>
internal static class HttpTriggerBenchmark
{
    private const string Body = """{"name":"Ada","n":1}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var workflows = args.Length > 1 ? args[1].Split(',') : Targets.Select(t => t.Path.Split('/')[^1]).ToArray();
        var concurrencies = args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : [1, 32];
        var directory = Directory.CreateTempSubdirectory("weft-bench-http-").FullName;
        await using var plain = await StartPlainAsync();
        await using var server = await StartServerAsync(directory);
        using var plainClient = new HttpClient { BaseAddress = plain.Address };
        using var serverClient = new HttpClient { BaseAddress = server.Address };

        Console.WriteLine("target                      conc   req/s    p50 ms   p99 ms   ratio vs plain");
        foreach (var concurrency in concurrencies)
        {
            await HttpLoad.RunAsync(plainClient, "plain", Body, concurrency, WarmUp);
            var floor = await HttpLoad.RunAsync(plainClient, "plain", Body, concurrency, duration);
            Print("plain ASP.NET endpoint", floor, floor);
            foreach (var (name, path) in Targets)
            {
                if (!workflows.Contains(path.Split('/')[^1])) continue;
                await HttpLoad.RunAsync(serverClient, path, Body, concurrency, WarmUp);
                var result = await HttpLoad.RunAsync(serverClient, path, Body, concurrency, duration);
                Print(name, result, floor);
            }
        }
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    /// <summary>
    /// Untimed load before each cell. Three seconds, not one: on two busy cores the JIT's tier-up of the run's many
    /// methods still lagged after one (profiles showed instrumented code ~15 s in), which measured start-up, not a
    /// running server; the plain endpoint, with few methods, hardly needs it.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>The workflows measured, durable (the default) and ephemeral (docs/workflows.md, "Ephemeral runs").</summary>
    private static readonly (string Name, string Path)[] Targets =
    [
        ("trigger→respond", "workflows/bench/trivial"),
        ("10 nodes", "workflows/bench/ten"),
        ("ephemeral trigger→respond", "workflows/bench/trivial-ephemeral"),
        ("ephemeral 10 nodes", "workflows/bench/ten-ephemeral"),
    ];

    private static void Print(string name, HttpLoad.Result r, HttpLoad.Result floor) =>
        Console.WriteLine($"{name,-27} {r.Concurrency,4} {r.PerSecond,8:N0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00}   {r.PerSecond / floor.PerSecond,5:0.00}x{(r.Failures > 0 ? $"  ({r.Failures} failed)" : "")}");

    private sealed record Host(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private static async Task<Host> StartPlainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/plain", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            return Results.Json(new JsonObject { ["greeting"] = "Hello, " + body?["name"], ["n"] = body?["n"]?.DeepClone() });
        });
        await app.StartAsync();
        return new Host(app, AddressOf(app));
    }

    private static async Task<Host> StartServerAsync(string directory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Weft:Store:Sqlite:Path"] = Path.Combine(directory, "weft.db"),
            ["Weft:Data:Directory"] = Path.Combine(directory, "data"),
            ["Weft:Runtime:MaxConcurrentInstances"] = "64",
        });
        builder.AddServiceDefaults();
        builder.AddWorkflowServer();
        builder.AddWorkflowTriggers();
        var app = builder.Build();
        app.UseWorkflowServer();
        app.MapDefaultEndpoints();
        app.MapWorkflowApi();
        app.MapWorkflowTriggers();
        await app.StartAsync();

        var store = app.Services.GetRequiredService<IWorkflowStore>();
        foreach (var definition in new[]
        {
            Definition("bench-trivial", "bench/trivial", 0, WorkflowDurability.Durable),
            Definition("bench-ten", "bench/ten", 8, WorkflowDurability.Durable),
            Definition("bench-trivial-ephemeral", "bench/trivial-ephemeral", 0, WorkflowDurability.Ephemeral),
            Definition("bench-ten-ephemeral", "bench/ten-ephemeral", 8, WorkflowDurability.Ephemeral),
        })
        {
            var version = await store.SaveDefinitionAsync(definition);
            await store.PublishDefinitionAsync(definition.Id, version);
        }
        await app.Services.GetRequiredService<ITriggerRoutes>().RefreshAsync();
        return new Host(app, AddressOf(app));
    }

    /// <summary>trigger → <paramref name="middle"/> vars.set nodes → respond (so 10 nodes for middle = 8).</summary>
    private static WorkflowDefinition Definition(string id, string route, int middle, WorkflowDurability durability)
    {
        var definition = new WorkflowDefinition { Id = id, Options = { Durability = durability } };
        definition.Nodes.Add(new NodeDefinition { Id = "trigger", Type = "http.trigger", Inputs = { ["route"] = route, ["method"] = "POST" } });
        var previous = "trigger";
        for (var i = 0; i < middle; i++)
        {
            var node = $"step{i}";
            definition.Nodes.Add(new NodeDefinition { Id = node, Type = "vars.set", Inputs = { ["name"] = "n", ["value"] = i == 0 ? "{{ input.n }}" : "{{ vars.n + 1 }}" } });
            definition.Edges.Add(new EdgeDefinition { Id = $"e{i}", Source = previous, Target = node });
            previous = node;
        }
        definition.Nodes.Add(new NodeDefinition
        {
            Id = "respond",
            Type = "http.respond",
            Inputs = { ["body"] = new JsonObject { ["greeting"] = "{{ 'Hello, ' + input.name }}", ["n"] = middle == 0 ? "{{ input.n }}" : "{{ vars.n }}" } },
        });
        definition.Edges.Add(new EdgeDefinition { Id = "last", Source = previous, Target = "respond" });
        return definition;
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
}
