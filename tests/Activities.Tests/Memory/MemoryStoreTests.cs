using System.Text.Json.Nodes;
using Weft.Activities.Memory;
using Weft.Activities.Tests.DataTesting;
using Weft.Activities.Vectors;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Memory;

public sealed class MemoryStoreTests : IDisposable
{
    private static readonly MemoryScope Ada = new(UserId: "ada");
    private static readonly MemoryScope Bob = new(UserId: "bob");
    private static readonly MemoryAddOptions Dedup = new() { Deduplicate = true };

    private readonly TempDirectory _directory = new();
    private readonly BagOfWordsEmbedder _embedder = new(64);
    private readonly Clock _clock = new(new DateTimeOffset(2030, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private EmbeddedVectorStore _vectors;
    private MemoryStore _memory;

    public MemoryStoreTests() => (_vectors, _memory) = Open();

    public void Dispose()
    {
        _memory.Dispose();
        _vectors.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AddAsync_Texts_AddsEachAndSearchFindsTheClosestInScope()
    {
        var added = await _memory.AddAsync(["Likes green tea", "Lives in Lisbon", "Runs every morning"], Ada, new JsonObject { ["source"] = "chat" }, _embedder);

        added.Select(c => c.Event).ShouldBe([MemoryEvent.Add, MemoryEvent.Add, MemoryEvent.Add]);
        added.Select(c => c.Id).Distinct().Count().ShouldBe(3);
        var hits = await _memory.SearchAsync("which city does she live in? Lisbon", Ada, _embedder, topK: 2);
        hits[0].Text.ShouldBe("Lives in Lisbon");
        hits[0].Id.ShouldBe(added[1].Id);
        hits[0].Metadata!["source"]!.GetValue<string>().ShouldBe("chat");
        hits[0].Scope.ShouldBe(Ada);
        hits[0].CreatedAt.ShouldBe(_clock.Now);
        hits.Count.ShouldBe(2);
    }

    [Fact]
    public async Task SearchAsync_OtherUser_SeesNoneOfTheirMemories()
    {
        await _memory.AddAsync(["Likes green tea"], Ada, null, _embedder);
        await _memory.AddAsync(["Likes black coffee"], Bob, null, _embedder);

        (await _memory.SearchAsync("likes tea", Bob, _embedder)).Select(h => h.Text).ShouldBe(["Likes black coffee"]);
        (await _memory.SearchAsync("likes coffee", Ada, _embedder)).Select(h => h.Text).ShouldBe(["Likes green tea"]);
        (await _memory.SearchAsync("likes", new MemoryScope(UserId: "carol"), _embedder)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SearchAsync_UserAndAgent_MatchesOnlyMemoriesWithBoth()
    {
        await _memory.AddAsync(["Prefers short answers"], new MemoryScope("ada", "coach"), null, _embedder);
        await _memory.AddAsync(["Prefers detailed answers"], new MemoryScope("ada", "tutor"), null, _embedder);
        await _memory.AddAsync(["Coach speaks French"], new MemoryScope(AgentId: "coach"), null, _embedder);

        (await _memory.SearchAsync("answers", new MemoryScope("ada", "coach"), _embedder)).Select(h => h.Text).ShouldBe(["Prefers short answers"]);
        (await _memory.SearchAsync("answers", Ada, _embedder)).Count.ShouldBe(2);
        (await _memory.SearchAsync("speaks", new MemoryScope(AgentId: "coach"), _embedder)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task AddAsync_Deduplicate_SkipsNearDuplicatesInTheSameScopeAsNoop()
    {
        var first = await _memory.AddAsync(["Is allergic to peanuts"], Ada, null, _embedder, Dedup);

        var second = await _memory.AddAsync(["is allergic to PEANUTS!", "Has a cat named Miso"], Ada, null, _embedder, Dedup);
        var otherUser = await _memory.AddAsync(["Is allergic to peanuts"], Bob, null, _embedder, Dedup);

        second[0].Event.ShouldBe(MemoryEvent.Noop);
        second[0].Id.ShouldBe(first[0].Id);
        second[0].PreviousText.ShouldBe("Is allergic to peanuts");
        second[0].Score!.Value.ShouldBe(1, 1e-5);
        second[1].Event.ShouldBe(MemoryEvent.Add);
        otherUser[0].Event.ShouldBe(MemoryEvent.Add);
        (await _vectors.CountAsync(_memory.Collection)).ShouldBe(3);
    }

    [Fact]
    public async Task AddAsync_DeduplicateWithinOneCall_SkipsTheLaterDuplicate()
    {
        var changes = await _memory.AddAsync(["Works as a nurse", "works as a nurse."], Ada, null, _embedder, Dedup);

        changes.Select(c => c.Event).ShouldBe([MemoryEvent.Add, MemoryEvent.Noop]);
        changes[1].Id.ShouldBe(changes[0].Id);
    }

    [Fact]
    public async Task AddAsync_BelowTheThreshold_AddsTheText()
    {
        await _memory.AddAsync(["Plays the violin on weekends"], Ada, null, _embedder, Dedup);

        var changes = await _memory.AddAsync(["Plays the piano on weekends"], Ada, null, _embedder, new MemoryAddOptions { Deduplicate = true, DedupThreshold = 0.95 });

        changes[0].Event.ShouldBe(MemoryEvent.Add);
    }

    [Fact]
    public async Task AddAsync_SameRequestTwice_WritesTheSameMemoriesAndHistoryOnce()
    {
        var options = new MemoryAddOptions { Deduplicate = true, RequestId = "instance-1/remember/0" };

        var first = await _memory.AddAsync(["Drives an electric car", "Has two kids"], Ada, null, _embedder, options);
        var again = await _memory.AddAsync(["Drives an electric car", "Has two kids"], Ada, null, _embedder, options);

        again.ShouldBe(first);
        again.ShouldAllBe(c => c.Event == MemoryEvent.Add);
        (await _vectors.CountAsync(_memory.Collection)).ShouldBe(2);
        (await _memory.GetHistoryAsync(Ada)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task UpdateAsync_Memory_ReplacesTheTextAndRecordsOldAndNew()
    {
        var id = (await _memory.AddAsync(["Lives in Porto"], Ada, new JsonObject { ["k"] = 1 }, _embedder))[0].Id;
        var created = _clock.Now;
        _clock.Now = _clock.Now.AddDays(3);

        var change = await _memory.UpdateAsync(id, "Lives in Lisbon", _embedder);

        change!.Event.ShouldBe(MemoryEvent.Update);
        change.PreviousText.ShouldBe("Lives in Porto");
        var hit = (await _memory.SearchAsync("Lisbon", Ada, _embedder, topK: 1))[0];
        hit.Id.ShouldBe(id);
        hit.Text.ShouldBe("Lives in Lisbon");
        hit.CreatedAt.ShouldBe(created);
        hit.UpdatedAt.ShouldBe(_clock.Now);
        hit.Metadata!["k"]!.GetValue<int>().ShouldBe(1);
        (await _vectors.CountAsync(_memory.Collection)).ShouldBe(1);
        var history = await _memory.GetHistoryAsync(id);
        history.Select(h => (h.Event, h.OldText, h.NewText)).ShouldBe([
            (MemoryEvent.Add, null, "Lives in Porto"),
            (MemoryEvent.Update, "Lives in Porto", "Lives in Lisbon"),
        ]);
        history[1].At.ShouldBe(_clock.Now);
    }

    [Fact]
    public async Task DeleteAsync_Memory_RemovesItAndRecordsTheDeletion()
    {
        var ids = (await _memory.AddAsync(["Owns a bike", "Owns a boat"], Ada, null, _embedder)).Select(c => c.Id).ToArray();

        var change = await _memory.DeleteAsync(ids[0]);

        change!.Event.ShouldBe(MemoryEvent.Delete);
        (await _memory.SearchAsync("owns", Ada, _embedder)).Select(h => h.Text).ShouldBe(["Owns a boat"]);
        (await _memory.DeleteAsync(ids[0])).ShouldBeNull();
        (await _memory.UpdateAsync(ids[0], "Owns two bikes", _embedder)).ShouldBeNull();
        (await _memory.GetHistoryAsync(ids[0])).Select(h => (h.Event, h.OldText, h.NewText)).ShouldBe([
            (MemoryEvent.Add, null, "Owns a bike"),
            (MemoryEvent.Delete, "Owns a bike", null),
        ]);
    }

    [Fact]
    public async Task GetHistoryAsync_Scope_ListsEveryChangeOfThatScopeInOrder()
    {
        var id = (await _memory.AddAsync(["Speaks Spanish"], Ada, null, _embedder, Dedup))[0].Id;
        await _memory.AddAsync(["Speaks Portuguese"], Bob, null, _embedder, Dedup);
        await _memory.AddAsync(["speaks spanish"], Ada, null, _embedder, Dedup);
        await _memory.UpdateAsync(id, "Speaks Spanish fluently", _embedder);
        await _memory.DeleteAsync(id);

        var history = await _memory.GetHistoryAsync(Ada);

        history.Select(h => (h.Event, h.MemoryId, h.OldText, h.NewText)).ShouldBe([
            (MemoryEvent.Add, id, null, "Speaks Spanish"),
            (MemoryEvent.Noop, id, "Speaks Spanish", "speaks spanish"),
            (MemoryEvent.Update, id, "Speaks Spanish", "Speaks Spanish fluently"),
            (MemoryEvent.Delete, id, "Speaks Spanish fluently", null),
        ]);
        history.ShouldAllBe(h => h.Scope.UserId == "ada");
        (await _memory.GetHistoryAsync(Ada, limit: 2)).Select(h => h.Event).ShouldBe([MemoryEvent.Update, MemoryEvent.Delete]);
    }

    [Fact]
    public async Task Store_Reopened_KeepsMemoriesAndHistory()
    {
        var id = (await _memory.AddAsync(["Birthday is in June"], Ada, null, _embedder))[0].Id;
        _memory.Dispose();
        _vectors.Dispose();

        (_vectors, _memory) = Open();

        (await _memory.SearchAsync("birthday", Ada, _embedder))[0].Id.ShouldBe(id);
        (await _memory.GetHistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task SearchAsync_NothingEverStored_ReturnsNothing() =>
        (await _memory.SearchAsync("anything", Ada, _embedder)).ShouldBeEmpty();

    [Fact]
    public async Task AddAsync_NoScope_ThrowsValidationError() =>
        (await Should.ThrowAsync<ActivityException>(() => _memory.AddAsync(["x"], new MemoryScope(), null, _embedder))).ErrorType.ShouldBe("ValidationError");

    private (EmbeddedVectorStore, MemoryStore) Open()
    {
        var vectors = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = _directory.File("weft.db") });
        return (vectors, new MemoryStore(vectors, new MemoryStoreOptions { HistoryPath = _directory.File("weft.db"), Time = _clock }));
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
