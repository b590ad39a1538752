using System.Diagnostics;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Engine.Tests.Runtime;

/// <summary>
/// Local starts (docs/scale-out.md): an instance started by a runtime that serves its queue and has a free slot is
/// created leased to that runtime's worker and run there at once, without a claim; otherwise it goes through the queue.
/// Real SQLite file, real runtimes; the store is only observed (<see cref="ObservedStore"/>).
/// </summary>
public sealed class LocalStartTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const string Quick = """{ "id": "quick", "nodes": [{ "id": "a", "type": "log", "inputs": { "message": "hi" } }], "edges": [] }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("weft-local-start-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];
    private SqliteWorkflowStore? _sqlite;

    private async Task<(IWorkflowStore Store, ObservedStore Observer)> OpenStoreAsync()
    {
        _sqlite = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(_directory, "weft.db") });
        await _sqlite.InitializeAsync();
        return ObservedStore.Wrap(_sqlite);
    }

    private async Task<WorkflowRuntime> StartRuntimeAsync(IWorkflowStore store, Action<WorkflowRuntimeOptions>? configure = null)
    {
        var options = new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(options);
        var runtime = new WorkflowRuntime(store, TestEngine.CreateRegistry().Add<AmbientProbeActivity>(), options);
        _owned.Insert(0, runtime);
        await runtime.StartAsync();
        return runtime;
    }

    private static async Task<string> SaveAsync(IWorkflowStore store, string json)
    {
        var definition = WeftJson.ParseDefinition(json);
        await store.SaveDefinitionAsync(definition);
        return definition.Id;
    }

    private static Task<StartResult> StartAsync(WorkflowRuntime runtime, string definitionId) =>
        runtime.Client.StartAsync(new StartRequest { DefinitionId = definitionId, AllowDraft = true });

    [Fact]
    public async Task Start_OnAServedQueueWithAFreeSlot_RunsWithoutAClaim()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store);
        var definition = await SaveAsync(store, Quick);

        var started = await StartAsync(runtime, definition);
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        observed.LeasedCreates.ShouldBe([started.InstanceId]);
        observed.QueuedCreates.ShouldBeEmpty();
        observed.Claimed.ShouldNotContain(started.InstanceId);
    }

    [Fact]
    public async Task Start_LocalRunsEndingWithNothingQueued_CostNoClaims()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store, o => o.PollInterval = TimeSpan.FromHours(1));
        var definition = await SaveAsync(store, Quick);
        await runtime.Client.WaitAsync((await StartAsync(runtime, definition)).InstanceId).WaitAsync(Bound);
        await Task.Delay(200); // the start-up claim and any wake-up from the first run have settled
        var before = observed.ClaimCalls;

        for (var i = 0; i < 5; i++)
            await runtime.Client.WaitAsync((await StartAsync(runtime, definition)).InstanceId).WaitAsync(Bound);
        await Task.Delay(200);

        // A finished run frees a slot, but nothing waits in the queue: no claim is made for it.
        observed.ClaimCalls.ShouldBe(before);
        observed.QueuedCreates.ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_OnAQueueThisRuntimeDoesNotServe_GoesThroughTheQueue()
    {
        var (store, observed) = await OpenStoreAsync();
        var starter = await StartRuntimeAsync(store, o => o.Queues = ["other"]);
        var worker = await StartRuntimeAsync(store);
        var definition = await SaveAsync(store, Quick);

        var started = await StartAsync(starter, definition);
        var done = await worker.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        observed.QueuedCreates.ShouldBe([started.InstanceId]);
        observed.Claimed.ShouldContain(started.InstanceId);
    }

    [Fact]
    public async Task Start_AtCapacity_FallsBackToTheQueueAndStillCompletes()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store, o => o.MaxConcurrentInstances = 1);
        var sleeper = await SaveAsync(store, """{ "id": "sleeper", "nodes": [{ "id": "s", "type": "test.sleep", "inputs": { "key": "local-start-sleeper", "milliseconds": 60000 } }], "edges": [] }""");
        var quick = await SaveAsync(store, Quick);

        var busy = await StartAsync(runtime, sleeper);
        var queued = await StartAsync(runtime, quick);

        observed.LeasedCreates.ShouldBe([busy.InstanceId]);
        observed.QueuedCreates.ShouldBe([queued.InstanceId]);
        runtime.ActiveInstances.ShouldBe(1);
        (await runtime.Client.GetAsync(queued.InstanceId))!.Status.ShouldBe(InstanceStatus.Pending);

        await runtime.Client.CancelAsync(busy.InstanceId);
        (await runtime.Client.WaitAsync(busy.InstanceId).WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Cancelled);
        (await runtime.Client.WaitAsync(queued.InstanceId).WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Completed);
        observed.Claimed.ShouldContain(queued.InstanceId);
    }

    [Fact]
    public async Task Start_ManyAtOnce_NeverRunMoreThanTheLimitAndAllComplete()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store, o => o.MaxConcurrentInstances = 2);
        var napper = await SaveAsync(store, """{ "id": "napper", "nodes": [{ "id": "s", "type": "test.sleep", "inputs": { "key": "local-start-napper", "milliseconds": 50 } }], "edges": [] }""");
        var most = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                most = Math.Max(most, runtime.ActiveInstances);
                await Task.Delay(1);
            }
        });

        var started = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => StartAsync(runtime, napper))));
        foreach (var s in started)
            (await runtime.Client.WaitAsync(s.InstanceId).WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Completed);
        await sampling.CancelAsync();
        await sampler;

        most.ShouldBeInRange(1, 2);
        observed.LeasedCreates.ShouldNotBeEmpty();
        (observed.LeasedCreates.Count + observed.QueuedCreates.Count).ShouldBe(12);
    }

    [Fact]
    public async Task Start_CancelledRightAfter_ReachesTheLocalRunner()
    {
        var (store, _) = await OpenStoreAsync();
        // No polling to speak of: only the runner itself can notice the cancel in time.
        var runtime = await StartRuntimeAsync(store, o => o.PollInterval = TimeSpan.FromHours(1));
        var waiter = await SaveAsync(store, """{ "id": "waiter", "nodes": [{ "id": "w", "type": "test.sleep", "inputs": { "key": "local-start-waiter", "milliseconds": 60000 } }], "edges": [] }""");

        var started = await StartAsync(runtime, waiter);
        await runtime.Client.CancelAsync(started.InstanceId);

        (await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Cancelled);
    }

    [Fact]
    public async Task Start_AllInlineWorkflow_IsStoredWholeWhenTheStartReturns()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store, o => o.PollInterval = TimeSpan.FromHours(1));
        var definition = await SaveAsync(store, """
            { "id": "all-inline", "nodes": [
                { "id": "a", "type": "vars.set", "inputs": { "name": "x", "value": 1 } },
                { "id": "b", "type": "vars.set", "inputs": { "name": "x", "value": "{{ vars.x + 1 }}" } } ],
              "edges": [{ "id": "e1", "source": "a", "target": "b" }] }
            """);

        var started = await StartAsync(runtime, definition);

        // The run's first commit created the instance with both nodes and its end: nothing is half-stored in between.
        started.Created.ShouldBeTrue();
        observed.LeasedCreates.ShouldHaveSingleItem().ShouldBe(started.InstanceId);
        var stored = await store.GetInstanceAsync(started.InstanceId);
        stored!.Status.ShouldBe(InstanceStatus.Completed);
        stored.State.Variables["x"]!.GetValue<int>().ShouldBe(2);
        (await store.GetJournalAsync(started.InstanceId)).Select(j => (j.NodeId, j.Status)).ShouldBe([("a", JournalStatus.Completed), ("b", JournalStatus.Completed)]);
        (await store.GetEventsAsync(started.InstanceId, 0)).Select(e => e.Type).ShouldBe([
            EventTypes.InstanceStarted, EventTypes.NodeStarted, EventTypes.NodeCompleted, EventTypes.NodeStarted, EventTypes.NodeCompleted, EventTypes.InstanceCompleted]);
    }

    [Fact]
    public async Task Start_SameIdempotencyKeyConcurrently_CreatesOneInstanceAndRunsItOnce()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store);
        var key = $"local-idem-{Guid.NewGuid():N}";
        var definition = await SaveAsync(store, $$"""
            { "id": "idem-count", "nodes": [
                { "id": "a", "type": "vars.set", "inputs": { "name": "x", "value": 1 } },
                { "id": "b", "type": "test.count", "inputs": { "key": "{{key}}" } } ],
              "edges": [{ "id": "e1", "source": "a", "target": "b" }] }
            """);

        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            runtime.Client.StartAsync(new StartRequest { DefinitionId = definition, AllowDraft = true, IdempotencyKey = "same" })));

        starts.Select(s => s.InstanceId).Distinct().ShouldHaveSingleItem();
        starts.Count(s => s.Created).ShouldBe(1);
        (await runtime.Client.WaitAsync(starts[0].InstanceId).WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Completed);
        TestActivities.Runs[key].ShouldBe(1);
        (await store.ListInstancesAsync(new InstanceQuery { DefinitionId = definition })).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Start_SignalledRightAfter_DeliversTheSignalThoughTheRunSkipsTheInboxRead()
    {
        var (store, _) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store, o => o.PollInterval = TimeSpan.FromHours(1));
        var waiter = await SaveAsync(store, """
            { "id": "signalled", "nodes": [
                { "id": "first", "type": "vars.set", "inputs": { "name": "ready", "value": true } },
                { "id": "wait", "type": "signal.wait", "inputs": { "signal": "go" } } ],
              "edges": [{ "id": "e1", "source": "first", "target": "wait" }] }
            """);

        // Sent at once and again a little later: before the runner starts its loop, and while it waits.
        var early = await StartAsync(runtime, waiter);
        await runtime.Client.SignalAsync(early.InstanceId, "go", new System.Text.Json.Nodes.JsonObject { ["n"] = 1 });
        var late = await StartAsync(runtime, waiter);
        await runtime.Client.WaitAsync(late.InstanceId, untilSuspended: true).WaitAsync(Bound);
        await runtime.Client.SignalAsync(late.InstanceId, "go", new System.Text.Json.Nodes.JsonObject { ["n"] = 2 });

        (await runtime.Client.WaitAsync(early.InstanceId).WaitAsync(Bound)).Output!["n"]!.GetValue<int>().ShouldBe(1);
        (await runtime.Client.WaitAsync(late.InstanceId).WaitAsync(Bound)).Output!["n"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Start_CrashBetweenCreateAndRun_AnotherWorkerCompletesItWhenTheLeaseExpires()
    {
        var (store, observed) = await OpenStoreAsync();
        var lease = TimeSpan.FromSeconds(1);
        // The crashing runtime never polls again, so only the other worker can take the instance over.
        var crashing = await StartRuntimeAsync(store, o => { o.LeaseDuration = lease; o.PollInterval = TimeSpan.FromHours(1); });
        // The first commit creates the instance with the inline log done and the count started, then the "process dies".
        var key = $"local-crash-{Guid.NewGuid():N}";
        var definition = await SaveAsync(store, $$"""
            { "id": "two-steps", "nodes": [
                { "id": "a", "type": "log", "inputs": { "message": "hi" } },
                { "id": "b", "type": "test.count", "inputs": { "key": "{{key}}" } } ],
              "edges": [{ "id": "e1", "source": "a", "target": "b" }] }
            """);
        observed.FailAfterLeasedCreate = true;
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<IOException>(() => StartAsync(crashing, definition));

        var id = observed.LeasedCreates.ShouldHaveSingleItem();
        // The start fails as the run's first commit fails; the run itself unwinds and frees its slot just after.
        var unwound = Stopwatch.StartNew();
        while (crashing.ActiveInstances > 0 && unwound.Elapsed < Bound) await Task.Delay(10);
        crashing.ActiveInstances.ShouldBe(0);
        (await store.GetInstanceAsync(id))!.Status.ShouldBe(InstanceStatus.Running);
        var other = await StartRuntimeAsync(store);
        var done = await other.Client.WaitAsync(id).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(lease - TimeSpan.FromMilliseconds(50));
        observed.Claimed.ShouldContain(id);
        TestActivities.Runs[key].ShouldBe(1, "the crashed runtime never ran the count; the other ran it once");
    }

    [Theory]
    [InlineData(1, false)] // the parent holds the only slot: the child goes through the queue
    [InlineData(2, true)] // a slot is free: the child runs locally too
    public async Task Start_ChildFromARunner_RunsLocallyWhenASlotIsFreeElseQueuesAndBothComplete(int capacity, bool childLocal)
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store, o => o.MaxConcurrentInstances = capacity);
        await SaveAsync(store, Quick);
        var parent = await SaveAsync(store, """
            { "id": "parent", "nodes": [{ "id": "call", "type": "workflow.run", "inputs": { "definitionId": "quick" } }], "edges": [] }
            """);

        var started = await StartAsync(runtime, parent);
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound);

        done.Status.ShouldBe(InstanceStatus.Completed);
        var child = (await store.ListInstancesAsync(new InstanceQuery { ParentInstanceId = started.InstanceId })).Items.ShouldHaveSingleItem();
        child.Status.ShouldBe(InstanceStatus.Completed);
        if (childLocal)
        {
            observed.LeasedCreates.ShouldBe([started.InstanceId, child.Id], ignoreOrder: true);
            observed.QueuedCreates.ShouldBeEmpty();
            observed.Claimed.ShouldNotContain(child.Id);
        }
        else
        {
            observed.LeasedCreates.ShouldBe([started.InstanceId]);
            observed.QueuedCreates.ShouldBe([child.Id]);
        }
    }

    [Fact]
    public async Task Start_DuplicateIdOfARunningInstance_LeasesNothingAndRunsNothingTwice()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store);
        var waiter = await SaveAsync(store, """{ "id": "signal-waiter", "nodes": [{ "id": "w", "type": "signal.wait", "inputs": { "signal": "go" } }], "edges": [] }""");
        var request = new StartRequest { DefinitionId = waiter, AllowDraft = true, InstanceId = "fixed-local-id" };

        var first = await runtime.Client.StartAsync(request);
        var second = await runtime.Client.StartAsync(request);

        first.Created.ShouldBeTrue();
        second.Created.ShouldBeFalse();
        observed.LeasedCreates.ShouldBe(["fixed-local-id"]);
        await runtime.Client.SignalAsync("fixed-local-id", "go");
        (await runtime.Client.WaitAsync("fixed-local-id").WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task Start_FromCodeWithAmbientState_RunsOutsideTheStartersExecutionContext()
    {
        var (store, observed) = await OpenStoreAsync();
        var runtime = await StartRuntimeAsync(store);
        var probe = await SaveAsync(store, """{ "id": "probe", "nodes": [{ "id": "p", "type": "test.ambient" }], "edges": [] }""");

        AmbientProbeActivity.Ambient.Value = "the starter's request";
        var started = await StartAsync(runtime, probe);
        AmbientProbeActivity.Ambient.Value = null;

        (await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(Bound)).Status.ShouldBe(InstanceStatus.Completed);
        observed.LeasedCreates.ShouldBe([started.InstanceId]);
        AmbientProbeActivity.Seen[started.InstanceId].ShouldBe("(none)");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
        if (_sqlite is not null) await _sqlite.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a file still closing; the temp dir is cleaned by the OS */ }
    }
}
