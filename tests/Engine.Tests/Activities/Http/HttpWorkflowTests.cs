using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Activities.Http;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Engine.Tests.Activities.Http;

/// <summary>The HTTP activities inside a real runtime on a real SQLite file: inputs evaluated, defaults applied, retries run.</summary>
public sealed class HttpWorkflowTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("weft-http-").FullName;
    private SqliteWorkflowStore? _store;
    private WorkflowRuntime? _runtime;

    private async Task<WorkflowRuntime> StartAsync(IServiceProvider services)
    {
        _store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(_directory, "weft.db") });
        await _store.InitializeAsync();
        var registry = HttpActivities.Register(CoreActivities.Register(new ActivityRegistry()));
        _runtime = new WorkflowRuntime(_store, registry, new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) }, services: services);
        await _runtime.StartAsync();
        return _runtime;
    }

    private async Task<InstanceSnapshot> RunAsync(string json, JsonObject input)
    {
        var definition = WeftJson.ParseDefinition(json);
        await _store!.SaveDefinitionAsync(definition);
        var started = await _runtime!.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, Input = input });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _runtime.Client.WaitAsync(started.InstanceId, cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task Run_RequestWithTemplatedInputs_CompletesWithTheAnswer()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"ok":true}""", Encoding.UTF8, "application/json") });
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(handler));
        await StartAsync(host.Services);

        var done = await RunAsync("""
            { "id": "call",
              "nodes": [
                { "id": "call", "type": "http.request", "inputs": { "url": "{{ input.url }}", "method": "POST", "query": { "page": 2 }, "body": { "who": "{{ input.who }}" } } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": "{{ nodes.call.output }}" } }
              ],
              "edges": [{ "id": "e1", "source": "call", "target": "finish" }] }
            """, new JsonObject { ["url"] = "https://api.example.com/x", ["who"] = "ada" });

        done.Status.ShouldBe(InstanceStatus.Completed, done.Error?.Message);
        done.Output!["body"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
        handler.Requests.ShouldHaveSingleItem().Body.ShouldBe("""{"who":"ada"}""");
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null) await _runtime.DisposeAsync();
        if (_store is not null) await _store.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
