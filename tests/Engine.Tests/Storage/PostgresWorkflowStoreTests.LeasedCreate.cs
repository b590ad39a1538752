using System.Diagnostics;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Tests.Runtime;

namespace Weft.Engine.Tests.Storage;

/// <summary>What a leased create (a local start) means on PostgreSQL: no work notification, and the runtime paths over it.</summary>
public sealed partial class PostgresWorkflowStoreTests
{
    private const string QuickWorkflow = """{ "id": "quick", "nodes": [{ "id": "a", "type": "log", "inputs": { "message": "hi" } }], "edges": [] }""";

    [PostgresFact]
    public async Task ListenForWork_InstanceCreatedLeased_IsNotHeard()
    {
        await using var store = await OpenAsync();

        // Notifications arrive in commit order: had the leased create notified, its queue would be heard first.
        var queue = await FirstHeardAsync(store.ListenForWorkAsync(), async () =>
        {
            await store.CreateLeasedInstanceAsync(NewInstance(queue: "leased"), [], "worker-1", Lease, Now);
            await store.CreateInstanceAsync(NewInstance(queue: "open"), []);
        });

        queue.ShouldBe("open");
    }

    [PostgresFact]
    public async Task CreateLeasedInstance_ItsStartedEvent_IsStillNotified()
    {
        await using var store = await OpenAsync();
        var created = new List<string>();

        var heard = await FirstHeardAsync(store.ListenForEventsAsync(), async () =>
        {
            var instance = NewInstance();
            created.Add(instance.Id);
            await store.CreateLeasedInstanceAsync(instance, [Event(instance.Id, 1, EventTypes.InstanceStarted, null)], "worker-1", Lease, Now);
        });

        created.ShouldContain(heard.InstanceId);
        heard.Sequence.ShouldBe(1);
    }

    [PostgresFact]
    public async Task RuntimeStart_OnPostgres_RunsLocallyWithoutAClaim()
    {
        await using var postgres = await OpenAsync();
        var (store, observed) = ObservedStore.Wrap(postgres);
        await store.SaveDefinitionAsync(WeftJson.ParseDefinition(QuickWorkflow));
        await using var runtime = new WorkflowRuntime(store, TestEngine.CreateRegistry(), new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        await runtime.StartAsync();

        var started = await runtime.Client.StartAsync(new StartRequest { DefinitionId = "quick", AllowDraft = true });
        var done = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(TimeSpan.FromSeconds(30));

        done.Status.ShouldBe(InstanceStatus.Completed);
        observed.LeasedCreates.ShouldBe([started.InstanceId]);
        observed.Claimed.ShouldNotContain(started.InstanceId);
    }

    [PostgresFact]
    public async Task RuntimeStart_CrashBetweenCreateAndRunOnPostgres_AnotherServerCompletesItWhenTheLeaseExpires()
    {
        var schema = PostgresCluster.NewSchema();
        await using var crashedStore = await OpenAsync(schema);
        await using var otherStore = await OpenAsync(schema);
        var (store, observed) = ObservedStore.Wrap(crashedStore);
        // The first commit creates the instance with the inline log done and the count started, then the "process dies".
        var key = $"pg-local-crash-{Guid.NewGuid():N}";
        await store.SaveDefinitionAsync(WeftJson.ParseDefinition($$"""
            { "id": "two-steps", "nodes": [
                { "id": "a", "type": "log", "inputs": { "message": "hi" } },
                { "id": "b", "type": "test.count", "inputs": { "key": "{{key}}" } } ],
              "edges": [{ "id": "e1", "source": "a", "target": "b" }] }
            """));
        var lease = TimeSpan.FromSeconds(1);
        // The crashed runtime never polls again: only the other one can take the instance over.
        await using var crashed = new WorkflowRuntime(store, TestEngine.CreateRegistry(), new WorkflowRuntimeOptions { LeaseDuration = lease, PollInterval = TimeSpan.FromHours(1) });
        await crashed.StartAsync();
        observed.FailAfterLeasedCreate = true;
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<IOException>(() => crashed.Client.StartAsync(new StartRequest { DefinitionId = "two-steps", AllowDraft = true }));
        var id = observed.LeasedCreates.ShouldHaveSingleItem();
        await using var other = new WorkflowRuntime(otherStore, TestEngine.CreateRegistry(), new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        await other.StartAsync();
        var done = await other.Client.WaitAsync(id).WaitAsync(TimeSpan.FromSeconds(30));

        done.Status.ShouldBe(InstanceStatus.Completed);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(lease - TimeSpan.FromMilliseconds(50));
        TestActivities.Runs[key].ShouldBe(1, "the crashed runtime never ran the count; the other ran it once");
    }
}
