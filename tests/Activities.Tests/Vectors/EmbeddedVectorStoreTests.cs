using System.Text.Json.Nodes;
using Weft.Activities.Tests.DataTesting;
using Weft.Activities.Vectors;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Vectors;

public sealed class EmbeddedVectorStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<EmbeddedVectorStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task EnsureCollectionAsync_ExistingWithOtherDimension_ThrowsDimensionMismatchNamingBoth()
    {
        var store = Open();
        await store.EnsureCollectionAsync("docs", 4);
        await store.EnsureCollectionAsync("docs", 4);

        var ex = await Should.ThrowAsync<DimensionMismatchException>(() => store.EnsureCollectionAsync("docs", 8));

        ex.ErrorType.ShouldBe("DimensionMismatch");
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("4");
        ex.Message.ShouldContain("8");
        (await store.GetDimensionAsync("docs")).ShouldBe(4);
        (await store.GetDimensionAsync("other")).ShouldBeNull();
    }

    [Fact]
    public async Task SearchAsync_ReturnsTheMostSimilarFirstWithCosineScores()
    {
        var store = await WithPoints(
            Point("east", [1, 0, 0, 0]),
            Point("north-east", [1, 1, 0, 0]),
            Point("north", [0, 3, 0, 0]),
            Point("west", [-2, 0, 0, 0]));

        var matches = await store.SearchAsync("docs", new float[] { 2, 0, 0, 0 }, 3);

        matches.Select(m => m.Id).ShouldBe(["east", "north-east", "north"]);
        matches[0].Score.ShouldBe(1, 1e-6);
        matches[1].Score.ShouldBe(Math.Sqrt(0.5), 1e-6);
        matches[2].Score.ShouldBe(0, 1e-6);
        matches[0].Payload["name"]!.GetValue<string>().ShouldBe("east");
    }

    [Fact]
    public async Task SearchAsync_ScoreThreshold_DropsLessSimilarPoints()
    {
        var store = await WithPoints(Point("east", [1, 0, 0, 0]), Point("north-east", [1, 1, 0, 0]), Point("north", [0, 1, 0, 0]));

        var matches = await store.SearchAsync("docs", new float[] { 1, 0, 0, 0 }, 10, scoreThreshold: 0.7);

        matches.Select(m => m.Id).ShouldBe(["east", "north-east"]);
    }

    [Fact]
    public async Task UpsertAsync_ExistingId_ReplacesVectorAndPayload()
    {
        var store = await WithPoints(Point("a", [1, 0, 0, 0]), Point("b", [0, 1, 0, 0]));

        await store.UpsertAsync("docs", [new VectorPoint("a", new float[] { 0, 0, 1, 0 }, new JsonObject { ["name"] = "moved" })]);

        (await store.CountAsync("docs")).ShouldBe(2);
        var match = (await store.SearchAsync("docs", new float[] { 0, 0, 1, 0 }, 1))[0];
        match.Id.ShouldBe("a");
        match.Payload["name"]!.GetValue<string>().ShouldBe("moved");
    }

    [Fact]
    public async Task UpsertAsync_BatchWithOneNaNVector_WritesNothing()
    {
        var store = await WithPoints(Point("existing", [1, 0, 0, 0]));
        VectorPoint[] batch = [Point("new-1", [0, 1, 0, 0]), Point("bad", [0, float.NaN, 0, 0]), Point("new-2", [0, 0, 1, 0])];

        var ex = await Should.ThrowAsync<ActivityException>(() => store.UpsertAsync("docs", batch));

        ex.ErrorType.ShouldBe("ValidationError");
        ex.Message.ShouldContain("'bad'");
        (await store.CountAsync("docs")).ShouldBe(1);
        (await Open().CountAsync("docs")).ShouldBe(1);
    }

    [Fact]
    public async Task UpsertAsync_BatchWithOneZeroVector_WritesNothing()
    {
        var store = await WithPoints();

        await Should.ThrowAsync<ActivityException>(() => store.UpsertAsync("docs", [Point("ok", [1, 0, 0, 0]), Point("zero", [0, 0, 0, 0])]));

        (await store.CountAsync("docs")).ShouldBe(0);
    }

    [Fact]
    public async Task UpsertAsync_BatchWithOneVectorOfAnotherDimension_ThrowsDimensionMismatchAndWritesNothing()
    {
        var store = await WithPoints();

        var ex = await Should.ThrowAsync<DimensionMismatchException>(() =>
            store.UpsertAsync("docs", [Point("ok", [1, 0, 0, 0]), new VectorPoint("long", new float[] { 1, 0, 0, 0, 0, 0 })]));

        ex.CollectionDimension.ShouldBe(4);
        ex.VectorDimension.ShouldBe(6);
        (await store.CountAsync("docs")).ShouldBe(0);
    }

    [Fact]
    public async Task SearchAsync_QueryOfAnotherDimension_ThrowsDimensionMismatch()
    {
        var store = await WithPoints(Point("a", [1, 0, 0, 0]));

        var ex = await Should.ThrowAsync<DimensionMismatchException>(() => store.SearchAsync("docs", new float[] { 1, 0 }, 3));

        ex.Message.ShouldContain("dimension 4");
        ex.Message.ShouldContain("dimension 2");
    }

    [Fact]
    public async Task Operations_OnAMissingCollection_ThrowCollectionNotFound()
    {
        var store = Open();

        (await Should.ThrowAsync<ActivityException>(() => store.SearchAsync("nowhere", new float[] { 1 }, 1))).ErrorType.ShouldBe("CollectionNotFound");
        (await Should.ThrowAsync<ActivityException>(() => store.UpsertAsync("nowhere", [Point("a", [1])]))).ErrorType.ShouldBe("CollectionNotFound");
    }

    [Fact]
    public async Task Store_Reopened_FindsThePointsItWrote()
    {
        var path = _directory.File("vectors.db");
        var first = Open(path);
        await first.EnsureCollectionAsync("docs", 4);
        await first.UpsertAsync("docs", [Point("a", [1, 0, 0, 0]), Point("b", [0, 1, 0, 0])]);
        first.Dispose();
        _stores.Remove(first);

        var reopened = Open(path);

        (await reopened.CountAsync("docs")).ShouldBe(2);
        var match = (await reopened.SearchAsync("docs", new float[] { 0, 5, 0, 0 }, 1))[0];
        match.Id.ShouldBe("b");
        match.Score.ShouldBe(1, 1e-6);
        match.Payload["name"]!.GetValue<string>().ShouldBe("b");
    }

    [Fact]
    public async Task SearchAsync_AfterAnotherStoreWroteToTheFile_SeesItsPoints()
    {
        var path = _directory.File("shared.db");
        var reader = Open(path);
        var writer = Open(path);
        await writer.EnsureCollectionAsync("docs", 4);
        await writer.UpsertAsync("docs", [Point("a", [1, 0, 0, 0])]);
        (await reader.SearchAsync("docs", new float[] { 0, 1, 0, 0 }, 5)).Count.ShouldBe(1);

        await writer.UpsertAsync("docs", [Point("b", [0, 1, 0, 0])]);
        await writer.DeleteAsync("docs", VectorFilter.Parse(new JsonObject { ["name"] = "a" }));

        (await reader.SearchAsync("docs", new float[] { 0, 1, 0, 0 }, 5)).Select(m => m.Id).ShouldBe(["b"]);
    }

    [Fact]
    public async Task DeleteAsync_Filter_RemovesOnlyTheMatchingPoints()
    {
        var store = await WithPoints(
            Point("a", [1, 0, 0, 0], new JsonObject { ["doc"] = "x" }),
            Point("b", [0, 1, 0, 0], new JsonObject { ["doc"] = "y" }),
            Point("c", [0, 0, 1, 0], new JsonObject { ["doc"] = "x" }));

        await store.DeleteAsync("docs", VectorFilter.Parse(new JsonObject { ["doc"] = "x" }));

        (await store.CountAsync("docs")).ShouldBe(1);
        (await store.SearchAsync("docs", new float[] { 1, 1, 1, 1 }, 5)).Select(m => m.Id).ShouldBe(["b"]);
        (await Open().CountAsync("docs")).ShouldBe(1);
    }

    [Fact]
    public async Task DeleteAsync_ManyPoints_KeepsEveryOtherPointFindableByItsOwnVector()
    {
        var store = Open();
        await store.EnsureCollectionAsync("many", 16);
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 3000).ToDictionary(i => $"p{i}", _ => RandomVector(random, 16));
        await store.UpsertAsync("many", [.. vectors.Select(v => new VectorPoint(v.Key, v.Value, new JsonObject { ["even"] = int.Parse(v.Key[1..]) % 2 == 0 }))]);

        await store.DeleteAsync("many", VectorFilter.Parse(new JsonObject { ["even"] = true }));

        (await store.CountAsync("many")).ShouldBe(1500);
        foreach (var (id, vector) in vectors.Where(v => int.Parse(v.Key[1..]) % 2 == 1).Take(200))
        {
            var best = (await store.SearchAsync("many", vector, 1))[0];
            best.Id.ShouldBe(id);
            best.Score.ShouldBe(1, 1e-5);
        }
    }

    [Fact]
    public async Task CountAsync_Filter_CountsMatchingPoints()
    {
        var store = await WithPoints(
            Point("a", [1, 0, 0, 0], new JsonObject { ["year"] = 2020 }),
            Point("b", [0, 1, 0, 0], new JsonObject { ["year"] = 2023 }),
            Point("c", [0, 0, 1, 0], new JsonObject { ["year"] = 2024 }));

        (await store.CountAsync("docs", VectorFilter.Parse(JsonNode.Parse("""{"must":[{"key":"year","range":{"gte":2023}}]}""")))).ShouldBe(2);
    }

    [Fact]
    public async Task SearchAsync_Filter_AppliesBeforeTopK()
    {
        var store = Open();
        await store.EnsureCollectionAsync("docs", 4);
        var points = Enumerable.Range(0, 50)
            .Select(i => new VectorPoint($"p{i}", new float[] { 1, i / 100f, 0, 0 }, new JsonObject { ["lang"] = i < 45 ? "en" : "fr" }))
            .ToArray();
        await store.UpsertAsync("docs", points);

        var matches = await store.SearchAsync("docs", new float[] { 1, 0, 0, 0 }, 3, filter: VectorFilter.Parse(new JsonObject { ["lang"] = "fr" }));

        matches.Select(m => m.Id).ShouldBe(["p45", "p46", "p47"]);
    }

    private EmbeddedVectorStore Open(string? path = null)
    {
        var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = path ?? _directory.File("vectors.db") });
        _stores.Add(store);
        return store;
    }

    private async Task<EmbeddedVectorStore> WithPoints(params VectorPoint[] points)
    {
        var store = Open();
        await store.EnsureCollectionAsync("docs", 4);
        if (points.Length > 0) await store.UpsertAsync("docs", points);
        return store;
    }

    private static VectorPoint Point(string id, float[] vector, JsonObject? payload = null) =>
        new(id, vector, payload ?? new JsonObject { ["name"] = id });

    internal static float[] RandomVector(Random random, int dimension) =>
        [.. Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1))];
}
