using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Activities.Tests.Chat.Support;

/// <summary>A real runtime on a real SQLite file in a temp directory, with the core and model activities and the given services.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    private readonly string _directory;

    private TestEngine(string directory, SqliteWorkflowStore store, WorkflowRuntime runtime)
    {
        _directory = directory;
        Store = store;
        Runtime = runtime;
    }

    public SqliteWorkflowStore Store { get; }
    public WorkflowRuntime Runtime { get; }

    public static async Task<TestEngine> StartAsync(IServiceProvider services)
    {
        var directory = Directory.CreateTempSubdirectory("weft-ai-test-").FullName;
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(directory, "weft.db") });
        await store.InitializeAsync();
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        ChatActivities.Register(registry);
        var runtime = new WorkflowRuntime(store, registry, new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) }, services: services);
        await runtime.StartAsync();
        return new TestEngine(directory, store, runtime);
    }

    public async Task<string> StartAsync(string json, JsonObject? input = null)
    {
        var definition = WeftJson.ParseDefinition(json);
        definition.Version = await Store.SaveDefinitionAsync(definition);
        var started = await Runtime.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, Input = input });
        return started.InstanceId;
    }

    public Task<InstanceSnapshot> WaitAsync(string instanceId) =>
        Runtime.Client.WaitAsync(instanceId).WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<InstanceSnapshot> RunAsync(string json, JsonObject? input = null) => await WaitAsync(await StartAsync(json, input));

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string instanceId) => await Store.GetJournalAsync(instanceId);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Store.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a file still closing; the temp dir is cleaned by the OS */ }
    }
}
