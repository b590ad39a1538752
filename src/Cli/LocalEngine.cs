using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Activities.Http;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Cli;

/// <summary>
/// The engine as the CLI runs it: an embedded SQLite store (a throwaway file unless --store names one)
/// and a runtime whose worker id is stable, so that a run killed mid-way is taken back at once by
/// <c>weft resume</c> instead of waiting for its leases to expire.
/// </summary>
internal sealed class LocalEngine : IAsyncDisposable
{
    private readonly string? _temporaryDirectory;

    private LocalEngine(IWorkflowStore store, WorkflowRuntime runtime, string? temporaryDirectory)
    {
        Store = store;
        Runtime = runtime;
        _temporaryDirectory = temporaryDirectory;
    }

    public IWorkflowStore Store { get; }
    public WorkflowRuntime Runtime { get; }
    public IWorkflowClient Client => Runtime.Client;

    public static ActivityRegistry CreateRegistry()
    {
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        HttpActivities.Register(registry);
        Weft.Activities.AiActivities.Register(registry);
        return registry;
    }

    public static async Task<LocalEngine> OpenAsync(string? storePath, CancellationToken cancellationToken)
    {
        string? temporary = null;
        if (storePath is null)
        {
            temporary = Directory.CreateTempSubdirectory("weft-run-").FullName;
            storePath = Path.Combine(temporary, "weft.db");
        }
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.GetFullPath(storePath) });
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await store.DisposeAsync();
            throw new CliInputException($"{storePath}: cannot open the store: {ex.Message}");
        }
        var options = new WorkflowRuntimeOptions { WorkerId = "weft-cli", InMemoryWaitThreshold = TimeSpan.FromSeconds(5) };
        var runtime = new WorkflowRuntime(store, CreateRegistry(), options, CliLogging.Factory);
        return new LocalEngine(store, runtime, temporary);
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Store.DisposeAsync();
        if (_temporaryDirectory is not null)
        {
            try { Directory.Delete(_temporaryDirectory, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }
}
