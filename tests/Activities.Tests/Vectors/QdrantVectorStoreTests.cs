using System.Text.Json.Nodes;
using Weft.Activities.Vectors;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Vectors;

public sealed class QdrantVectorStoreTests : IAsyncLifetime
{
    private QdrantFake _qdrant = null!;
    private QdrantVectorStore _store = null!;

    public async Task InitializeAsync()
    {
        _qdrant = await QdrantFake.StartAsync();
        _store = Store();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _qdrant.DisposeAsync();
    }

    [Fact]
    public async Task EnsureCollectionAsync_Missing_CreatesItWithSizeAndCosineDistance()
    {
        _qdrant.Expect("GET", "/collections/docs", body => body.ShouldBeNull(), 404, QdrantFake.NotFound("docs"))
            .Expect("PUT", "/collections/docs", """{"vectors":{"size":4,"distance":"Cosine"}}""", 200, QdrantFake.Ok("true"));

        await _store.EnsureCollectionAsync("docs", 4);

        _qdrant.Verify();
    }

    [Fact]
    public async Task EnsureCollectionAsync_ExistingWithSameSize_DoesNotCreate()
    {
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(4));

        await _store.EnsureCollectionAsync("docs", 4);

        _qdrant.Verify();
    }

    [Fact]
    public async Task EnsureCollectionAsync_ExistingWithOtherSize_ThrowsDimensionMismatchNamingBoth()
    {
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(384));

        var ex = await Should.ThrowAsync<DimensionMismatchException>(() => _store.EnsureCollectionAsync("docs", 4));

        ex.CollectionDimension.ShouldBe(384);
        ex.VectorDimension.ShouldBe(4);
        ex.Retryable.ShouldBeFalse();
        _qdrant.Verify();
    }

    [Fact]
    public async Task EnsureCollectionAsync_ExistingWithDotDistance_IsRefused()
    {
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(4, "Dot"));

        (await Should.ThrowAsync<ActivityException>(() => _store.EnsureCollectionAsync("docs", 4))).ErrorType.ShouldBe("VectorStoreRejected");
    }

    [Fact]
    public async Task UpsertAsync_Points_SendsUuidV5IdsVectorsAndPayloadKeepingTheOriginalId()
    {
        var id = QdrantVectorStore.PointId("doc-1:0").ToString();
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(4))
            .Expect("PUT", "/collections/docs/points?wait=true",
                $$$"""{"points":[{"id":"{{{id}}}","vector":[0.5,0.25,0,1],"payload":{"text":"Hello","lang":"en","_id":"doc-1:0"}}]}""",
                200, QdrantFake.Completed);

        await _store.UpsertAsync("docs", [new VectorPoint("doc-1:0", new[] { 0.5f, 0.25f, 0f, 1f }, new JsonObject { ["text"] = "Hello", ["lang"] = "en" })]);

        _qdrant.Verify();
        Guid.Parse(id).ToString()[14].ShouldBe('5');
    }

    [Fact]
    public async Task UpsertAsync_MoreThanMaxPointsPerRequest_SendsSeveralRequests()
    {
        using var store = Store(maxPointsPerRequest: 2);
        static Action<JsonNode?> Ids(params string[] ids) => body =>
            body!["points"]!.AsArray().Select(p => p!["payload"]!["_id"]!.GetValue<string>()).ShouldBe(ids);
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(2))
            .Expect("PUT", "/collections/docs/points?wait=true", Ids("a", "b"), 200, QdrantFake.Completed)
            .Expect("PUT", "/collections/docs/points?wait=true", Ids("c"), 200, QdrantFake.Completed);

        await store.UpsertAsync("docs", [.. new[] { "a", "b", "c" }.Select(i => new VectorPoint(i, new[] { 1f, 0f }))]);

        _qdrant.Verify();
    }

    [Fact]
    public async Task UpsertAsync_BatchWithOneBadVector_SendsNoPoints()
    {
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(2));

        await Should.ThrowAsync<DimensionMismatchException>(() =>
            _store.UpsertAsync("docs", [new VectorPoint("a", new[] { 1f, 0f }), new VectorPoint("b", new[] { 1f, 0f, 0f })]));
        await Should.ThrowAsync<ActivityException>(() =>
            _store.UpsertAsync("docs", [new VectorPoint("a", new[] { 1f, 0f }), new VectorPoint("b", new[] { float.PositiveInfinity, 0f })]));

        _qdrant.Verify();
        _qdrant.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SearchAsync_Query_PostsToPointsQueryAndMapsIdsBack()
    {
        var filter = VectorFilter.Parse(new JsonObject { ["lang"] = "en" });
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(2))
            .Expect("POST", "/collections/docs/points/query",
                """{"query":[1,0],"limit":3,"with_payload":true,"score_threshold":0.5,"filter":{"must":[{"key":"lang","match":{"value":"en"}}]}}""",
                200, QdrantFake.Ok($$$"""
                    {"points":[
                      {"id":"{{{QdrantVectorStore.PointId("a")}}}","version":3,"score":0.98,"payload":{"text":"first","lang":"en","_id":"a"}},
                      {"id":"{{{QdrantVectorStore.PointId("b")}}}","version":1,"score":0.61,"payload":{"text":"second","lang":"en","_id":"b"}}]}
                    """));

        var matches = await _store.SearchAsync("docs", new[] { 1f, 0f }, 3, 0.5, filter);

        _qdrant.Verify();
        matches.Select(m => m.Id).ShouldBe(["a", "b"]);
        matches[0].Score.ShouldBe(0.98);
        matches[0].Payload.ToJsonString().ShouldBe("""{"text":"first","lang":"en"}""");
    }

    [Fact]
    public async Task SearchAsync_WithoutThresholdOrFilter_SendsNeither()
    {
        _qdrant.Expect("GET", "/collections/docs", 200, QdrantFake.Collection(2))
            .Expect("POST", "/collections/docs/points/query", """{"query":[0,1],"limit":5,"with_payload":true}""", 200, QdrantFake.Ok("""{"points":[]}"""));

        (await _store.SearchAsync("docs", new[] { 0f, 1f }, 5)).ShouldBeEmpty();

        _qdrant.Verify();
    }

    [Fact]
    public async Task SearchAsync_MissingCollection_ThrowsCollectionNotFound()
    {
        _qdrant.Expect("GET", "/collections/gone", 404, QdrantFake.NotFound("gone"));

        var ex = await Should.ThrowAsync<ActivityException>(() => _store.SearchAsync("gone", new[] { 1f }, 1));

        ex.ErrorType.ShouldBe("CollectionNotFound");
        ex.Retryable.ShouldBeFalse();
        _qdrant.Verify();
    }

    [Fact]
    public async Task DeleteAsync_Filter_PostsItToPointsDelete()
    {
        _qdrant.Expect("POST", "/collections/docs/points/delete?wait=true",
            """{"filter":{"must":[{"key":"documentId","match":{"value":"d1"}}],"must_not":[{"key":"year","range":{"lt":2000}}]}}""",
            200, QdrantFake.Completed);

        await _store.DeleteAsync("docs", VectorFilter.Parse(JsonNode.Parse("""{"must":[{"key":"documentId","match":{"value":"d1"}}],"must_not":[{"key":"year","range":{"lt":2000}}]}""")));

        _qdrant.Verify();
    }

    [Fact]
    public async Task CountAsync_Filter_PostsExactCount()
    {
        _qdrant.Expect("POST", "/collections/docs/points/count", """{"exact":true,"filter":{"must":[{"key":"lang","match":{"any":["en","fr"]}}]}}""", 200, QdrantFake.Ok("""{"count":7}"""))
            .Expect("POST", "/collections/docs/points/count", """{"exact":true}""", 200, QdrantFake.Ok("""{"count":9}"""));

        (await _store.CountAsync("docs", VectorFilter.Parse(JsonNode.Parse("""{"lang":["en","fr"]}""")))).ShouldBe(7);
        (await _store.CountAsync("docs")).ShouldBe(9);

        _qdrant.Verify();
    }

    [Fact]
    public async Task CreatePayloadIndexAsync_Field_PutsAKeywordIndex()
    {
        _qdrant.Expect("PUT", "/collections/docs/index?wait=true", """{"field_name":"userId","field_schema":"keyword"}""", 200, QdrantFake.Completed);

        await _store.CreatePayloadIndexAsync("docs", "userId", PayloadIndexType.Keyword);

        _qdrant.Verify();
    }

    [Fact]
    public async Task IsHealthyAsync_AnswersOk_ReturnsTrueAndOtherwiseFalse()
    {
        _qdrant.Expect("GET", "/healthz", 200, "healthz check passed")
            .Expect("GET", "/healthz", 503, "not ready");

        (await _store.IsHealthyAsync()).ShouldBeTrue();
        (await _store.IsHealthyAsync()).ShouldBeFalse();
        using var nowhere = new QdrantVectorStore(new QdrantOptions { Endpoint = new Uri("http://127.0.0.1:1/") });
        (await nowhere.IsHealthyAsync()).ShouldBeFalse();

        _qdrant.Verify();
    }

    [Fact]
    public async Task Requests_ServerError_ThrowRetryableVectorStoreUnavailable()
    {
        _qdrant.Expect("POST", "/collections/docs/points/count", """{"exact":true}""", 500, QdrantFake.Failure("Service internal error: disk full"));

        var ex = await Should.ThrowAsync<ActivityException>(() => _store.CountAsync("docs"));

        ex.ErrorType.ShouldBe("VectorStoreUnavailable");
        ex.Retryable.ShouldBeTrue();
        ex.Message.ShouldContain("disk full");
    }

    [Fact]
    public async Task Requests_BadRequest_ThrowVectorStoreRejectedWithQdrantsMessage()
    {
        _qdrant.Expect("PUT", "/collections/docs/index?wait=true", 400, QdrantFake.Failure("Wrong input: bad field schema"));

        var ex = await Should.ThrowAsync<ActivityException>(() => _store.CreatePayloadIndexAsync("docs", "x", PayloadIndexType.Datetime));

        ex.ErrorType.ShouldBe("VectorStoreRejected");
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("Wrong input: bad field schema");
        _qdrant.Received[0].Body!["field_schema"]!.GetValue<string>().ShouldBe("datetime");
    }

    [Fact]
    public async Task Requests_UnreachableServer_ThrowRetryableVectorStoreUnavailable()
    {
        using var nowhere = new QdrantVectorStore(new QdrantOptions { Endpoint = new Uri("http://127.0.0.1:1/"), ApiKey = "k" });

        var ex = await Should.ThrowAsync<ActivityException>(() => nowhere.CountAsync("docs"));

        ex.ErrorType.ShouldBe("VectorStoreUnavailable");
        ex.Retryable.ShouldBeTrue();
    }

    private QdrantVectorStore Store(int maxPointsPerRequest = 256) =>
        new(new QdrantOptions { Endpoint = _qdrant.Endpoint, ApiKey = QdrantFake.ApiKey, MaxPointsPerRequest = maxPointsPerRequest });
}
