using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Weft.Activities.Chat;
using Weft.Activities.Tests.OpenAiTestServer;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>
/// The workflow server on real Kestrel with SQLite, its <c>router</c> and <c>main</c> aliases pointing at
/// the in-process OpenAI-protocol test server, prompts read from workflows/prompts, 127.0.0.1 allow-listed
/// for http.request and document.load, a context service behind <c>secrets.contextServiceUrl</c> — and the
/// named samples created and published from workflows/.
/// </summary>
internal sealed class SampleServer : IAsyncDisposable
{
    public const string RouterModel = "router-model";
    public const string MainModel = "main-model";

    private SampleServer(OpenAiTestServer models, ContextService context, ServerHost host)
    {
        Models = models;
        Context = context;
        Host = host;
    }

    public OpenAiTestServer Models { get; }
    public ContextService Context { get; }
    public ServerHost Host { get; }
    public HttpClient Client => Host.Client;

    public ModelScript Router => Models.Model(RouterModel);
    public ModelScript Main => Models.Model(MainModel);

    public static async Task<SampleServer> StartAsync(IEnumerable<string> samples, IDictionary<string, string?>? settings = null)
    {
        var models = await OpenAiTestServer.StartAsync();
        var context = await ContextService.StartAsync();
        var all = new Dictionary<string, string?>(ModelSettings(models.Endpoint))
        {
            ["Weft:Http:AllowedHosts:0"] = "127.0.0.1",
            ["Weft:Secrets:contextServiceUrl"] = context.Url.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = await ServerHost.StartAsync(all,
            configureAfter: builder => builder.Services.AddSingleton(new PromptLibrary(SampleFiles.Prompts)));
        var server = new SampleServer(models, context, host);
        foreach (var sample in samples) await host.Client.CreateAsync(SampleFiles.Definition(sample));
        return server;
    }

    /// <summary>Configuration keys of the two chat aliases (':' form; environment variables use '__').</summary>
    public static Dictionary<string, string?> ModelSettings(Uri endpoint) => new()
    {
        ["Weft:Models:router:Endpoint"] = endpoint.ToString(),
        ["Weft:Models:router:Model"] = RouterModel,
        ["Weft:Models:router:ApiKey"] = "test-key",
        ["Weft:Models:main:Endpoint"] = endpoint.ToString(),
        ["Weft:Models:main:Model"] = MainModel,
        ["Weft:Models:main:ApiKey"] = "test-key",
    };

    /// <summary>The instances of <paramref name="definitionId"/>, over the API.</summary>
    public async Task<JsonArray> InstancesAsync(string definitionId) =>
        (await (await Client.GetAsync($"api/instances?definitionId={definitionId}")).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();

    public async Task<JsonArray> JournalAsync(string instanceId) =>
        (await (await Client.GetAsync($"api/instances/{instanceId}/journal")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();

    public async Task<JsonNode> InstanceAsync(string instanceId) =>
        await (await Client.GetAsync($"api/instances/{instanceId}")).ShouldBeJsonAsync(HttpStatusCode.OK);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Context.DisposeAsync();
        await Models.DisposeAsync();
    }
}
