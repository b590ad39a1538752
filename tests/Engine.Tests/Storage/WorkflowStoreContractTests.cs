using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

/// <summary>
/// What every <see cref="IWorkflowStore"/> must do (DESIGN.md §6). A subclass per implementation supplies a
/// fresh, initialized, empty store; every test here then runs against it. Times are whole milliseconds and
/// come from the test (stores keep the callers' clocks), so the tests need no waiting.
/// </summary>
public abstract partial class WorkflowStoreContractTests
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>The test's "now", truncated to milliseconds.</summary>
    protected DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>A new, initialized store over an empty database, owned (and disposed) by the calling test.</summary>
    protected abstract Task<IWorkflowStore> CreateStoreAsync();

    protected DateTimeOffset At(double seconds) => Now.AddSeconds(seconds);

    protected static WorkflowDefinition Definition(string id, string? name = null) => new()
    {
        Id = id,
        Name = name ?? id,
        Description = $"{id} description",
        Nodes = [new NodeDefinition { Id = "start", Type = "log", Inputs = { ["message"] = "hello" } }],
    };

    protected InstanceRecord NewInstance(
        string? id = null,
        string definitionId = "wf",
        InstanceStatus status = InstanceStatus.Pending,
        string queue = "default",
        string? idempotencyKey = null,
        DateTimeOffset? createdAt = null,
        string? parentInstanceId = null,
        string input = "doc-1")
    {
        var created = createdAt ?? Now;
        return new InstanceRecord
        {
            Id = id ?? $"i-{Guid.NewGuid():N}",
            DefinitionId = definitionId,
            DefinitionVersion = 1,
            Status = status,
            Queue = queue,
            IdempotencyKey = idempotencyKey,
            ParentInstanceId = parentInstanceId,
            ParentNodeId = parentInstanceId is null ? null : "call-child",
            CreatedAt = created,
            UpdatedAt = created,
            State = new InstanceState
            {
                Input = new JsonObject { ["documentId"] = input },
                Variables = new JsonObject { ["count"] = 0 },
            },
        };
    }

    protected static async Task<InstanceRecord> CreateAsync(IWorkflowStore store, InstanceRecord instance, params InstanceEvent[] events)
    {
        var result = await store.CreateInstanceAsync(instance, events);
        result.Created.ShouldBeTrue();
        return instance;
    }

    /// <summary>A new instance leased to <paramref name="worker"/> until Now + <see cref="Lease"/>, as a worker holds it while running it.</summary>
    protected async Task<InstanceRecord> CreateClaimedAsync(IWorkflowStore store, string worker = "worker-1", string queue = "default")
    {
        var instance = await CreateAsync(store, NewInstance(status: InstanceStatus.Running, queue: queue));
        (await store.TryClaimInstanceAsync(instance.Id, worker, Lease, Now)).ShouldNotBeNull();
        return instance;
    }

    /// <summary>A new instance with no lease whose work item is due at <paramref name="readyAt"/>.</summary>
    protected async Task<InstanceRecord> CreateDueAtAsync(IWorkflowStore store, DateTimeOffset readyAt, string queue = "default")
    {
        var instance = await CreateClaimedAsync(store, "setup", queue);
        await store.CommitAsync(Commit(instance, "setup", WorkPlan.ReadyAt, readyAt));
        return instance;
    }

    /// <summary>A new instance that is suspended on signals: no work item, no lease.</summary>
    protected async Task<InstanceRecord> CreateIdleAsync(IWorkflowStore store)
    {
        var instance = await CreateClaimedAsync(store, "setup");
        instance.Status = InstanceStatus.Suspended;
        await store.CommitAsync(Commit(instance, "setup", WorkPlan.Remove));
        return instance;
    }

    protected static InstanceCommit Commit(InstanceRecord instance, string worker, WorkPlan work = WorkPlan.KeepLease, DateTimeOffset? readyAt = null) =>
        new() { Instance = instance, LeaseOwner = worker, Work = work, ReadyAt = readyAt };

    protected static JournalEntry Journal(string instanceId, string id, string nodeId, JournalStatus status, DateTimeOffset startedAt) => new()
    {
        Id = id,
        InstanceId = instanceId,
        Scope = "",
        NodeId = nodeId,
        ActivityType = "log",
        Attempt = 1,
        Status = status,
        Inputs = new JsonObject { ["message"] = "hello" },
        StartedAt = startedAt,
    };

    protected InstanceEvent Event(string instanceId, long sequence, string type = EventTypes.NodeCompleted, string? nodeId = "start") =>
        new(instanceId, sequence, type, nodeId, new JsonObject { ["seq"] = sequence }, At(sequence));

    protected static async Task<IReadOnlyList<string>> ClaimIdsAsync(IWorkflowStore store, string worker, DateTimeOffset now, int max = 100, params string[] queues) =>
        (await store.ClaimWorkAsync(worker, queues.Length == 0 ? ["default"] : queues, max, Lease, now)).Select(c => c.InstanceId).ToList();
}
