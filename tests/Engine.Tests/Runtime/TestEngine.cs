using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Engine.Tests.Runtime;

/// <summary>A real runtime on a real SQLite file in a temp directory, with the core and test activities.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    private readonly string _directory;

    private TestEngine(string directory, SqliteWorkflowStore store, WorkflowRuntime runtime)
    {
        _directory = directory;
        Store = store;
        Runtime = runtime;
    }

    public string DatabasePath => Path.Combine(_directory, "weft.db");
    public SqliteWorkflowStore Store { get; private set; }
    public WorkflowRuntime Runtime { get; private set; }
    public IWorkflowClient Client => Runtime.Client;

    public static ActivityRegistry CreateRegistry()
    {
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        TestActivities.Register(registry);
        return registry;
    }

    public static async Task<TestEngine> StartAsync(Action<WorkflowRuntimeOptions>? configure = null, string? directory = null)
    {
        directory ??= Directory.CreateTempSubdirectory("weft-test-").FullName;
        var (store, runtime) = await OpenAsync(directory, configure);
        return new TestEngine(directory, store, runtime);
    }

    private static async Task<(SqliteWorkflowStore, WorkflowRuntime)> OpenAsync(string directory, Action<WorkflowRuntimeOptions>? configure)
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(directory, "weft.db") });
        await store.InitializeAsync();
        var options = new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(options);
        var runtime = new WorkflowRuntime(store, CreateRegistry(), options);
        await runtime.StartAsync();
        return (store, runtime);
    }

    /// <summary>Stops the runtime and opens a new one on the same file, as a process restart would.</summary>
    public async Task RestartAsync(Action<WorkflowRuntimeOptions>? configure = null)
    {
        await Runtime.DisposeAsync();
        await Store.DisposeAsync();
        (Store, Runtime) = await OpenAsync(_directory, configure);
    }

    public async Task<WorkflowDefinition> SaveAsync(string json)
    {
        var definition = WeftJson.ParseDefinition(json);
        definition.Version = await Store.SaveDefinitionAsync(definition);
        return definition;
    }

    public async Task<string> StartAsync(string json, JsonObject? input = null, string? idempotencyKey = null)
    {
        var definition = await SaveAsync(json);
        var started = await Client.StartAsync(new StartRequest { DefinitionId = definition.Id, AllowDraft = true, Input = input, IdempotencyKey = idempotencyKey });
        return started.InstanceId;
    }

    public async Task<InstanceSnapshot> RunAsync(string json, JsonObject? input = null)
    {
        var id = await StartAsync(json, input);
        return await WaitAsync(id);
    }

    public Task<InstanceSnapshot> WaitAsync(string instanceId, bool untilSuspended = false) =>
        Client.WaitAsync(instanceId, untilSuspended).WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string instanceId) => await Store.GetJournalAsync(instanceId);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Store.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a file still closing; the temp dir is cleaned by the OS */ }
    }
}
