using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task CreateInstance_New_StoresRecordStateEventsAndAWorkItemReadyNow()
    {
        await using var store = await CreateStoreAsync();
        var instance = NewInstance(idempotencyKey: "key-1", parentInstanceId: "parent-1");
        instance.State.TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var result = await store.CreateInstanceAsync(instance, [Event(instance.Id, 1, EventTypes.InstanceStarted, null)]);

        result.Created.ShouldBeTrue();
        var stored = await store.GetInstanceAsync(instance.Id);
        stored.ShouldNotBeNull();
        stored.DefinitionId.ShouldBe("wf");
        stored.DefinitionVersion.ShouldBe(1);
        stored.Status.ShouldBe(InstanceStatus.Pending);
        stored.Queue.ShouldBe("default");
        stored.IdempotencyKey.ShouldBe("key-1");
        stored.ParentInstanceId.ShouldBe("parent-1");
        stored.ParentNodeId.ShouldBe("call-child");
        stored.CancelRequest.ShouldBe(CancelRequest.None);
        stored.CreatedAt.ShouldBe(Now);
        stored.UpdatedAt.ShouldBe(Now);
        stored.CompletedAt.ShouldBeNull();
        stored.State.Input["documentId"]!.GetValue<string>().ShouldBe("doc-1");
        stored.State.TraceParent.ShouldBe(instance.State.TraceParent);
        (await store.GetEventsAsync(instance.Id, 0)).Select(e => e.Type).ShouldBe([EventTypes.InstanceStarted]);
        (await ClaimIdsAsync(store, "worker-1", Now)).ShouldBe([instance.Id]);
    }

    [Fact]
    public async Task CreateInstance_SameId_ReturnsExistingAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        var original = await CreateAsync(store, NewInstance(id: "fixed"), Event("fixed", 1, EventTypes.InstanceStarted, null));
        var again = NewInstance(id: "fixed", definitionId: "other", input: "doc-2");

        var result = await store.CreateInstanceAsync(again, [Event("fixed", 1, "other.event"), Event("fixed", 2)]);

        result.Created.ShouldBeFalse();
        result.Instance.DefinitionId.ShouldBe("wf");
        result.Instance.State.Input["documentId"]!.GetValue<string>().ShouldBe("doc-1");
        (await store.GetInstanceAsync("fixed"))!.DefinitionId.ShouldBe("wf");
        (await store.GetEventsAsync("fixed", 0)).Select(e => e.Type).ShouldBe([EventTypes.InstanceStarted]);
        (await store.ListInstancesAsync(new InstanceQuery())).Total.ShouldBe(1);
        original.Id.ShouldBe("fixed");
    }

    [Fact]
    public async Task CreateInstance_SameIdempotencyKeyAndDefinition_ReturnsExisting()
    {
        await using var store = await CreateStoreAsync();
        var first = await CreateAsync(store, NewInstance(idempotencyKey: "request-7"));
        var duplicate = NewInstance(idempotencyKey: "request-7", input: "doc-2");

        var result = await store.CreateInstanceAsync(duplicate, []);

        result.Created.ShouldBeFalse();
        result.Instance.Id.ShouldBe(first.Id);
        (await store.GetInstanceAsync(duplicate.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task CreateInstance_SameIdempotencyKeyOtherDefinition_CreatesBoth()
    {
        await using var store = await CreateStoreAsync();
        await CreateAsync(store, NewInstance(idempotencyKey: "request-7"));

        var result = await store.CreateInstanceAsync(NewInstance(definitionId: "other", idempotencyKey: "request-7"), []);

        result.Created.ShouldBeTrue();
    }

    [Fact]
    public async Task CreateInstance_NoIdempotencyKeys_NeverCollide()
    {
        await using var store = await CreateStoreAsync();

        (await store.CreateInstanceAsync(NewInstance(), [])).Created.ShouldBeTrue();
        (await store.CreateInstanceAsync(NewInstance(), [])).Created.ShouldBeTrue();
    }

    [Fact]
    public async Task GetInstance_UnknownId_ReturnsNull()
    {
        await using var store = await CreateStoreAsync();

        (await store.GetInstanceAsync("missing")).ShouldBeNull();
    }

    [Fact]
    public async Task ListInstances_Pages_NewestFirstWithTotalAndWithoutState()
    {
        await using var store = await CreateStoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await CreateAsync(store, NewInstance(id: $"i{i}", createdAt: At(i)))).Id);

        var first = await store.ListInstancesAsync(new InstanceQuery { Take = 2 });
        var second = await store.ListInstancesAsync(new InstanceQuery { Skip = 2, Take = 2 });
        var last = await store.ListInstancesAsync(new InstanceQuery { Skip = 4, Take = 2 });

        first.Total.ShouldBe(5);
        first.Items.Select(i => i.Id).ShouldBe(["i4", "i3"]);
        second.Items.Select(i => i.Id).ShouldBe(["i2", "i1"]);
        last.Items.Select(i => i.Id).ShouldBe(["i0"]);
        last.Total.ShouldBe(5);
        first.Items[0].CreatedAt.ShouldBe(At(4));
        first.Items[0].State.Input.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ListInstances_Filters_AreCombinedWithAnd()
    {
        await using var store = await CreateStoreAsync();
        await CreateAsync(store, NewInstance(id: "a-pending", definitionId: "a", createdAt: At(1)));
        await CreateAsync(store, NewInstance(id: "a-running", definitionId: "a", status: InstanceStatus.Running, createdAt: At(2)));
        await CreateAsync(store, NewInstance(id: "b-running", definitionId: "b", status: InstanceStatus.Running, createdAt: At(3)));
        await CreateAsync(store, NewInstance(id: "a-child", definitionId: "a", status: InstanceStatus.Running, createdAt: At(4), parentInstanceId: "a-running"));

        async Task<IEnumerable<string>> Ids(InstanceQuery query) => (await store.ListInstancesAsync(query)).Items.Select(i => i.Id);

        (await Ids(new InstanceQuery { DefinitionId = "a" })).ShouldBe(["a-child", "a-running", "a-pending"]);
        (await Ids(new InstanceQuery { Status = InstanceStatus.Running })).ShouldBe(["a-child", "b-running", "a-running"]);
        (await Ids(new InstanceQuery { DefinitionId = "a", Status = InstanceStatus.Running })).ShouldBe(["a-child", "a-running"]);
        (await Ids(new InstanceQuery { ParentInstanceId = "a-running" })).ShouldBe(["a-child"]);
        (await Ids(new InstanceQuery { CreatedAfter = At(2), CreatedBefore = At(4) })).ShouldBe(["b-running", "a-running"]);
        (await Ids(new InstanceQuery { DefinitionId = "b", Status = InstanceStatus.Pending })).ShouldBeEmpty();
        (await store.ListInstancesAsync(new InstanceQuery { DefinitionId = "a", Take = 1 })).Total.ShouldBe(3);
    }

    [Fact]
    public async Task ListInstances_TakeAboveLimit_ReturnsAtMost500()
    {
        await using var store = await CreateStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 501).Select(i => store.CreateInstanceAsync(NewInstance(createdAt: At(i)), [])));

        var page = await store.ListInstancesAsync(new InstanceQuery { Take = 1000 });

        page.Items.Count.ShouldBe(500);
        page.Total.ShouldBe(501);
    }

    [Fact]
    public async Task AppendAsync_JournalAndEvents_AreReadableWithoutACommit()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());

        await store.AppendAsync([Journal(instance.Id, "j1", "start", JournalStatus.Running, Now)], [Event(instance.Id, 1, EventTypes.NodeStarted)]);

        var journal = (await store.GetJournalAsync(instance.Id)).ShouldHaveSingleItem();
        journal.Id.ShouldBe("j1");
        journal.Status.ShouldBe(JournalStatus.Running);
        journal.Inputs!["message"]!.GetValue<string>().ShouldBe("hello");
        journal.StartedAt.ShouldBe(Now);
        journal.EndedAt.ShouldBeNull();
        (await store.GetEventsAsync(instance.Id, 0)).ShouldHaveSingleItem().Type.ShouldBe(EventTypes.NodeStarted);
    }

    [Fact]
    public async Task GetEvents_AfterSequence_ReturnsLaterEventsInOrderUpToTake()
    {
        await using var store = await CreateStoreAsync();
        var instance = await CreateAsync(store, NewInstance());
        await store.AppendAsync([], [Event(instance.Id, 3), Event(instance.Id, 1), Event(instance.Id, 2)]);
        await store.AppendAsync([], [Event(instance.Id, 4), Event(instance.Id, 5)]);

        (await store.GetEventsAsync(instance.Id, 2)).Select(e => e.Sequence).ShouldBe([3L, 4L, 5L]);
        (await store.GetEventsAsync(instance.Id, 2, take: 2)).Select(e => e.Sequence).ShouldBe([3L, 4L]);
        (await store.GetEventsAsync(instance.Id, 5)).ShouldBeEmpty();
        var third = (await store.GetEventsAsync(instance.Id, 2, take: 1)).Single();
        third.Data!["seq"]!.GetValue<long>().ShouldBe(3);
        third.At.ShouldBe(At(3));
        third.NodeId.ShouldBe("start");
    }

    [Fact]
    public async Task GetJournalAndEvents_UnknownInstance_ReturnEmpty()
    {
        await using var store = await CreateStoreAsync();

        (await store.GetJournalAsync("missing")).ShouldBeEmpty();
        (await store.GetEventsAsync("missing", 0)).ShouldBeEmpty();
        (await store.GetPendingSignalsAsync("missing")).ShouldBeEmpty();
    }
}
