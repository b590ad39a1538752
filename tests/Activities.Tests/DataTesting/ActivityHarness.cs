using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Activities.Tests.DataTesting;

/// <summary>
/// Runs one node of a data activity the way production does: a real <see cref="WorkflowRuntime"/> on a
/// SQLite file, the activity registered through <see cref="DataActivities.Register"/>, the given services.
/// </summary>
public sealed class ActivityHarness : IAsyncDisposable
{
    private readonly SqliteWorkflowStore _store;
    private readonly WorkflowRuntime _runtime;
    private int _runs;

    private ActivityHarness(SqliteWorkflowStore store, WorkflowRuntime runtime)
    {
        _store = store;
        _runtime = runtime;
    }

    /// <param name="storeName">The workflow store's file in <paramref name="directory"/>; the data stores may share it.</param>
    public static async Task<ActivityHarness> StartAsync(TempDirectory directory, IServiceProvider services, string storeName = "weft.db")
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = directory.File(storeName) });
        await store.InitializeAsync();
        var runtime = new WorkflowRuntime(store, DataActivities.Register(new ActivityRegistry()),
            new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, services: services);
        await runtime.StartAsync();
        return new ActivityHarness(store, runtime);
    }

    /// <summary>Runs a workflow of one node <c>n</c> and waits for its end.</summary>
    /// <param name="retry">The node's retry policy, e.g. <c>{"maxAttempts": 2, "initialInterval": "00:00:00.010"}</c>.</param>
    public async Task<NodeRun> RunAsync(string type, JsonObject inputs, JsonObject? retry = null)
    {
        var node = new JsonObject { ["id"] = "n", ["type"] = type, ["inputs"] = inputs.DeepClone() };
        if (retry is not null) node["retry"] = retry.DeepClone();
        var id = $"data-test-{Interlocked.Increment(ref _runs)}";
        var definition = WeftJson.ParseDefinition(new JsonObject { ["id"] = id, ["nodes"] = new JsonArray(node), ["edges"] = new JsonArray() }.ToJsonString());
        await _store.SaveDefinitionAsync(definition);
        var started = await _runtime.Client.StartAsync(new StartRequest { DefinitionId = id, AllowDraft = true });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var snapshot = await _runtime.Client.WaitAsync(started.InstanceId, cancellationToken: timeout.Token);
        return new NodeRun(snapshot);
    }

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _store.DisposeAsync();
    }
}

/// <summary>How a one-node run ended: the node's output, or the error that faulted it.</summary>
public sealed record NodeRun(InstanceSnapshot Snapshot)
{
    public bool Completed => Snapshot.Status == InstanceStatus.Completed;

    public JsonObject Output => Snapshot.NodeOutputs.GetValueOrDefault("n") as JsonObject
        ?? throw new InvalidOperationException($"The node did not complete: {Snapshot.Status} {Snapshot.Error?.Type}: {Snapshot.Error?.Message}");

    public ActivityError Error => Snapshot.Error ?? throw new InvalidOperationException($"The run did not fail: {Snapshot.Status}.");
}
