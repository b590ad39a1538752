using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Engine.Tests.Runtime;

/// <summary>
/// Ephemeral runs (docs/workflows.md): a local start of a workflow with <c>options.durability = ephemeral</c> runs in
/// memory and leaves nothing in the store when it completes; the moment it waits, fails or outgrows its memory bound it
/// is stored with everything it did and goes on durably. Real SQLite file; the tables are counted directly.
/// </summary>
public sealed class EphemeralRunTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("weft-ephemeral-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];

    private string DatabasePath => Path.Combine(_directory, "weft.db");

    private async Task<(WorkflowRuntime Runtime, ObservedStore Observed)> StartAsync(Action<WorkflowRuntimeOptions>? configure = null)
    {
        var sqlite = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath });
        await sqlite.InitializeAsync();
        _owned.Add(sqlite);
        var (store, observed) = ObservedStore.Wrap(sqlite);
        var options = new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(options);
        var runtime = new WorkflowRuntime(store, TestEngine.CreateRegistry(), options);
        _owned.Insert(0, runtime);
        await runtime.StartAsync();
        return (runtime, observed);
    }

    /// <summary>trigger-free chain: three vars.set and a finish whose output echoes the input, plus what <paramref name="extra"/> adds.</summary>
    private static string Chain(string id, string durability = "ephemeral", string extraNodes = "", string extraEdges = "") => $$$"""
        {
          "id": "{{{id}}}",
          "options": { "durability": "{{{durability}}}" },
          "inputs": [{ "name": "n", "type": "number" }],
          "variables": [{ "name": "total", "type": "number", "default": 0 }],
          "nodes": [
            { "id": "a", "type": "vars.set", "inputs": { "name": "total", "value": "{{ input.n + 1 }}" } },
            { "id": "b", "type": "vars.set", "inputs": { "name": "total", "value": "{{ vars.total * 2 }}" } }
            {{{extraNodes}}}
          ],
          "edges": [{ "id": "e1", "source": "a", "target": "b" } {{{extraEdges}}}]
        }
        """;

    private static async Task<string> SaveAsync(WorkflowRuntime runtime, string json)
    {
        var definition = WeftJson.ParseDefinition(json);
        await runtime.Store.SaveDefinitionAsync(definition);
        return definition.Id;
    }

    private static Task<StartResult> StartInstanceAsync(WorkflowRuntime runtime, string definitionId, string? idempotencyKey = null) =>
        runtime.Client.StartAsync(new StartRequest
        {
            DefinitionId = definitionId,
            AllowDraft = true,
            Input = new JsonObject { ["n"] = 4 },
            IdempotencyKey = idempotencyKey,
        });

    /// <summary>Every event of <paramref name="instanceId"/> until one of <paramref name="until"/> arrives.</summary>
    private static async Task<List<InstanceEvent>> CollectAsync(InstanceSubscription subscription, params string[] until)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var seen = new List<InstanceEvent>();
        while (await subscription.Reader.WaitToReadAsync(timeout.Token))
        {
            while (subscription.Reader.TryRead(out var e))
            {
                seen.Add(e);
                if (until.Contains(e.Type)) return seen;
            }
        }
        return seen;
    }

    private long Count(string table, string instanceId)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE {(table == "instances" ? "id" : "instance_id")} = @id";
        command.Parameters.AddWithValue("@id", instanceId);
        return (long)command.ExecuteScalar()!;
    }

    private void ShouldBeAbsentFromTheStore(string instanceId)
    {
        foreach (var table in new[] { "instances", "journal", "events", "work_queue" })
            Count(table, instanceId).ShouldBe(0, $"{table} rows of {instanceId}");
    }

    [Fact]
    public async Task Start_EphemeralRunThatCompletes_PublishesEveryEventAndStoresNothing()
    {
        var (runtime, observed) = await StartAsync();
        var definition = await SaveAsync(runtime, Chain("eph-ok"));
        using var all = runtime.Events.Subscribe(null);

        var started = await StartInstanceAsync(runtime, definition);
        var events = (await CollectAsync(all, EventTypes.InstanceCompleted, EventTypes.InstanceFaulted)).Where(e => e.InstanceId == started.InstanceId).ToList();

        started.Created.ShouldBeTrue();
        events[0].Type.ShouldBe(EventTypes.InstanceStarted);
        events[^1].Type.ShouldBe(EventTypes.InstanceCompleted);
        events[^1].Data!["output"]!.ToJsonString().ShouldContain("10"); // (4 + 1) * 2
        events.Count(e => e.Type == EventTypes.NodeCompleted).ShouldBe(2);
        events.Select(e => e.Sequence).ShouldBe(events.Select(e => e.Sequence).Order(), "in order");
        events.Select(e => e.Sequence).Distinct().Count().ShouldBe(events.Count, "each event once");

        await WaitUntilAsync(() => runtime.ActiveInstances == 0);
        ShouldBeAbsentFromTheStore(started.InstanceId);
        observed.LeasedCreates.ShouldBeEmpty();
        observed.QueuedCreates.ShouldBeEmpty();
        (await runtime.Client.GetAsync(started.InstanceId)).ShouldBeNull();
    }

    [Fact]
    public async Task WaitAsync_EphemeralRunInMemory_ReturnsItsEndThoughNothingIsStored()
    {
        var (runtime, _) = await StartAsync();
        var definition = await SaveAsync(runtime, Chain("eph-wait-end",
            extraNodes: """, { "id": "nap", "type": "test.sleep", "inputs": { "key": "eph-wait-end", "milliseconds": 200 } }""",
            extraEdges: """, { "id": "e2", "source": "b", "target": "nap" }"""));

        var started = await StartInstanceAsync(runtime, definition);
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        done.Variables["total"]!.GetValue<double>().ShouldBe(10);
        done.NodeOutputs.Keys.ShouldContain("nap");
        await WaitUntilAsync(() => runtime.ActiveInstances == 0);
        ShouldBeAbsentFromTheStore(started.InstanceId);
    }

    [Fact]
    public async Task Start_EphemeralRunThatFails_IsStoredFaultedWithEveryNodeAndEventOnce()
    {
        var (runtime, _) = await StartAsync();
        var definition = await SaveAsync(runtime, Chain("eph-fail",
            extraNodes: """, { "id": "boom", "type": "flow.fail", "inputs": { "message": "planned" } }""",
            extraEdges: """, { "id": "e2", "source": "b", "target": "boom" }"""));
        using var all = runtime.Events.Subscribe(null);

        var started = await StartInstanceAsync(runtime, definition);
        var published = (await CollectAsync(all, EventTypes.InstanceFaulted, EventTypes.InstanceCompleted)).Where(e => e.InstanceId == started.InstanceId).ToList();
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Faulted);
        var journal = await runtime.Store.GetJournalAsync(started.InstanceId);
        journal.Select(j => j.NodeId).Order().ToArray().ShouldBe(["a", "b", "boom"], "the nodes run in memory before the failure are stored with it");
        var stored = await runtime.Store.GetEventsAsync(started.InstanceId, 0, 1000);
        stored.Select(e => e.Sequence).ShouldBe(published.Select(e => e.Sequence));
        published.Select(e => e.Sequence).Distinct().Count().ShouldBe(published.Count, "nothing published twice when the run was stored");
    }

    [Fact]
    public async Task Start_EphemeralRunThatWaitsForASignal_IsStoredAndCompletesDurably()
    {
        var (runtime, _) = await StartAsync();
        var definition = await SaveAsync(runtime, Chain("eph-wait",
            extraNodes: """, { "id": "wait", "type": "signal.wait", "inputs": { "signal": "go" } }""",
            extraEdges: """, { "id": "e2", "source": "b", "target": "wait" }"""));

        var started = await StartInstanceAsync(runtime, definition);
        var suspended = await runtime.Client.WaitAsync(started.InstanceId, untilSuspended: true).WaitAsync(Bound);
        suspended.Status.ShouldBe(InstanceStatus.Suspended);
        (await runtime.Store.GetJournalAsync(started.InstanceId)).Select(j => j.NodeId).ShouldContain("a");

        (await runtime.Client.SignalAsync(started.InstanceId, "go", new JsonObject { ["ok"] = true })).ShouldBe(SignalDelivery.Accepted);
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        Count("instances", started.InstanceId).ShouldBe(1, "once stored, the run stays stored to its end");
        var events = await runtime.Store.GetEventsAsync(started.InstanceId, 0, 1000);
        events.Select(e => e.Sequence).Distinct().Count().ShouldBe(events.Count);
        events[^1].Type.ShouldBe(EventTypes.InstanceCompleted);
    }

    [Fact]
    public async Task Start_EphemeralWithAnIdempotencyKey_IsStoredSoTheKeyHolds()
    {
        var (runtime, observed) = await StartAsync();
        var definition = await SaveAsync(runtime, Chain("eph-keyed"));

        var first = await StartInstanceAsync(runtime, definition, idempotencyKey: "order-1");
        await runtime.Client.WaitAsync(first.InstanceId).WaitAsync(Bound);
        var again = await StartInstanceAsync(runtime, definition, idempotencyKey: "order-1");

        observed.LeasedCreates.ShouldBe([first.InstanceId]);
        again.Created.ShouldBeFalse();
        again.InstanceId.ShouldBe(first.InstanceId);
    }

    [Fact]
    public async Task Start_EphemeralPastTheMemoryBound_IsStoredAndGoesOnDurably()
    {
        var (runtime, observed) = await StartAsync(o => o.MaxEphemeralJournalEntries = 1);
        var definition = await SaveAsync(runtime, Chain("eph-bound"));

        var started = await StartInstanceAsync(runtime, definition);
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        observed.LeasedCreates.ShouldBe([started.InstanceId]);
        (await runtime.Store.GetJournalAsync(started.InstanceId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Start_EphemeralWithASlowActivityAndShortLeases_StaysInMemoryToItsEnd()
    {
        // Renewals every 100 ms while the run sleeps 500 ms: an in-memory run has no lease to renew or lose.
        var (runtime, observed) = await StartAsync(o => o.LeaseDuration = TimeSpan.FromMilliseconds(300));
        var definition = await SaveAsync(runtime, Chain("eph-slow",
            extraNodes: """, { "id": "nap", "type": "test.sleep", "inputs": { "key": "eph-slow", "milliseconds": 500 } }""",
            extraEdges: """, { "id": "e2", "source": "b", "target": "nap" }"""));
        using var all = runtime.Events.Subscribe(null);

        var started = await StartInstanceAsync(runtime, definition);
        var events = await CollectAsync(all, EventTypes.InstanceCompleted, EventTypes.InstanceFaulted);

        events[^1].Type.ShouldBe(EventTypes.InstanceCompleted);
        await WaitUntilAsync(() => runtime.ActiveInstances == 0);
        ShouldBeAbsentFromTheStore(started.InstanceId);
        observed.LeasedCreates.ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_DurableWorkflow_IsStoredAsBefore()
    {
        var (runtime, observed) = await StartAsync();
        var definition = await SaveAsync(runtime, Chain("durable-chain", durability: "durable"));

        var started = await StartInstanceAsync(runtime, definition);
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        observed.LeasedCreates.ShouldBe([started.InstanceId]);
        Count("journal", started.InstanceId).ShouldBe(2);
    }

    [Fact]
    public async Task Start_EphemeralWithNoFreeSlot_GoesThroughTheQueueAndIsStored()
    {
        var (runtime, observed) = await StartAsync(o => o.Queues = ["other"]);
        var worker = (await StartAsync()).Runtime;
        var definition = await SaveAsync(runtime, Chain("eph-queued"));

        var started = await StartInstanceAsync(runtime, definition);
        var done = await worker.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        observed.QueuedCreates.ShouldBe([started.InstanceId]);
        Count("journal", started.InstanceId).ShouldBe(2);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The condition did not become true in time.");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
