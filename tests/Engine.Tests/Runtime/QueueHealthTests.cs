using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Runtime;

public sealed class QueueHealthTests
{
    [Fact]
    public async Task GetQueues_FlagsAQueueWithWorkAndNoLiveWorker_AndNotTheServedOne()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.StartAsync("""{ "id": "orphan", "options": { "queue": "nobody-serves-this" }, "nodes": [{ "id": "a", "type": "log", "inputs": { "message": "x" } }], "edges": [] }""");

        var queues = await engine.Runtime.GetQueuesAsync();

        var orphan = queues.Single(q => q.Queue == "nobody-serves-this");
        orphan.Waiting.ShouldBe(1);
        orphan.Stalled.ShouldBeTrue();
        orphan.LiveWorkers.ShouldBeEmpty();
        var served = queues.Single(q => q.Queue == "default");
        served.Stalled.ShouldBeFalse();
        served.LiveWorkers.ShouldBe([engine.Runtime.Options.WorkerId]);
    }

    [Fact]
    public async Task Restart_RemovesTheStoppedWorkersPresence_AndRecordsTheNewOne()
    {
        await using var engine = await TestEngine.StartAsync();
        var before = engine.Runtime.Options.WorkerId;
        (await engine.Runtime.GetWorkersAsync()).ShouldHaveSingleItem().WorkerId.ShouldBe(before);

        await engine.RestartAsync();

        var after = (await engine.Runtime.GetWorkersAsync()).ShouldHaveSingleItem();
        after.WorkerId.ShouldBe(engine.Runtime.Options.WorkerId);
        after.WorkerId.ShouldNotBe(before);
    }
}
