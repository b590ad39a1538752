using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Data;
using Weft.Activities.Tests.DataTesting;
using Weft.Activities.Vectors;

namespace Weft.Activities.Tests.Vectors;

public sealed class VectorActivitiesTests : IAsyncLifetime
{
    private static readonly JsonObject ThreeAttempts = new() { ["maxAttempts"] = 3, ["initialInterval"] = "00:00:00.010" };
    private readonly TempDirectory _directory = new();
    private readonly BagOfWordsEmbedder _embedder = new(32);
    private EmbeddedVectorStore _store = null!;
    private ActivityHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = _directory.File("weft.db") });
        _harness = await ActivityHarness.StartAsync(_directory, Services(_embedder));
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task VectorUpsert_ChunksFromTextChunk_StoresThemUnderPrefixedIdsAndSearchFindsTheRightOne()
    {
        var text = "Cats purr when they are content.\n\nDogs bark at strangers in the street.\n\nParrots can learn to repeat human words.";
        var chunked = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = text, ["size"] = 45, ["overlap"] = 0 });

        var upsert = await _harness.RunAsync("vector.upsert", new JsonObject
        {
            ["collection"] = "animals",
            ["chunks"] = chunked.Output["chunks"]!.DeepClone(),
            ["idPrefix"] = "doc-7",
            ["metadata"] = new JsonObject { ["documentId"] = "doc-7", ["title"] = "Animals" },
        });
        var search = await _harness.RunAsync("vector.search", new JsonObject { ["collection"] = "animals", ["query"] = "which animals bark at strangers", ["topK"] = 2 });

        upsert.Output.ToJsonString().ShouldBe("""{"collection":"animals","upserted":3,"dimensions":32}""");
        var best = search.Output["matches"]![0]!;
        best["id"]!.GetValue<string>().ShouldBe("doc-7:1");
        best["text"]!.GetValue<string>().ShouldBe("Dogs bark at strangers in the street.");
        best["metadata"]!.ToJsonString().ShouldBe("""{"documentId":"doc-7","title":"Animals","chunkIndex":1,"start":34,"end":71}""");
        best["score"]!.GetValue<double>().ShouldBeGreaterThan(search.Output["matches"]![1]!["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task VectorUpsert_SameIdsAgain_OverwritesInsteadOfDuplicating()
    {
        JsonObject Inputs(string lastText) => new()
        {
            ["collection"] = "notes",
            ["idPrefix"] = "n",
            ["items"] = new JsonArray(new JsonObject { ["text"] = "first note" }, new JsonObject { ["text"] = lastText }),
        };

        (await _harness.RunAsync("vector.upsert", Inputs("second note"))).Completed.ShouldBeTrue();
        (await _harness.RunAsync("vector.upsert", Inputs("second note, edited"))).Completed.ShouldBeTrue();

        (await _store.CountAsync("notes")).ShouldBe(2);
        var match = (await _store.SearchAsync("notes", _embedder.Embed("second note, edited"), 1))[0];
        match.Id.ShouldBe("n:1");
        match.Payload["text"]!.GetValue<string>().ShouldBe("second note, edited");
    }

    [Fact]
    public async Task VectorSearch_Filter_ReturnsOnlyMatchingPayloads()
    {
        await _harness.RunAsync("vector.upsert", new JsonObject
        {
            ["collection"] = "docs",
            ["items"] = new JsonArray(
                new JsonObject { ["id"] = "en-1", ["text"] = "the weather is sunny", ["metadata"] = new JsonObject { ["lang"] = "en", ["year"] = 2021 } },
                new JsonObject { ["id"] = "en-2", ["text"] = "the weather is rainy", ["metadata"] = new JsonObject { ["lang"] = "en", ["year"] = 2024 } },
                new JsonObject { ["id"] = "fr-1", ["text"] = "the weather is sunny today", ["metadata"] = new JsonObject { ["lang"] = "fr", ["year"] = 2024 } }),
        });

        var run = await _harness.RunAsync("vector.search", new JsonObject
        {
            ["collection"] = "docs",
            ["query"] = "sunny weather",
            ["filter"] = JsonNode.Parse("""{"must":[{"key":"lang","match":{"value":"en"}}],"should":[{"key":"year","range":{"gte":2024}}]}"""),
        });

        run.Output["matches"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ShouldBe(["en-2"]);
    }

    [Fact]
    public async Task VectorSearch_VectorInputAndThreshold_ReturnsOnlyCloseMatches()
    {
        await _harness.RunAsync("vector.upsert", new JsonObject
        {
            ["collection"] = "docs",
            ["items"] = new JsonArray(new JsonObject { ["id"] = "a", ["text"] = "alpha beta" }, new JsonObject { ["id"] = "b", ["text"] = "gamma delta" }),
        });
        var vector = new JsonArray([.. _embedder.Embed("alpha beta").Select(x => (JsonNode)x)]);

        var run = await _harness.RunAsync("vector.search", new JsonObject { ["collection"] = "docs", ["vector"] = vector, ["scoreThreshold"] = 0.9 });

        var matches = run.Output["matches"]!.AsArray();
        matches.Count.ShouldBe(1);
        matches[0]!["id"]!.GetValue<string>().ShouldBe("a");
        matches[0]!["score"]!.GetValue<double>().ShouldBe(1, 1e-5);
    }

    [Fact]
    public async Task VectorUpsert_EmbedderOfAnotherDimension_FailsOnceWithDimensionMismatchAndWritesNothing()
    {
        await _harness.RunAsync("vector.upsert", new JsonObject { ["collection"] = "docs", ["items"] = new JsonArray(new JsonObject { ["id"] = "a", ["text"] = "one" }) });
        await using var wider = await ActivityHarness.StartAsync(_directory, Services(new BagOfWordsEmbedder(48)), "wider.db");

        var run = await wider.RunAsync("vector.upsert", new JsonObject
        {
            ["collection"] = "docs",
            ["items"] = new JsonArray(new JsonObject { ["id"] = "b", ["text"] = "two" }),
        }, ThreeAttempts);

        run.Error.Type.ShouldBe("DimensionMismatch");
        run.Error.Message.ShouldContain("32");
        run.Error.Message.ShouldContain("48");
        run.Error.Attempt.ShouldBe(1);
        (await _store.CountAsync("docs")).ShouldBe(1);
    }

    [Fact]
    public async Task VectorSearch_QueryEmbeddedWithAnotherDimension_FailsWithDimensionMismatch()
    {
        await _harness.RunAsync("vector.upsert", new JsonObject { ["collection"] = "docs", ["items"] = new JsonArray(new JsonObject { ["text"] = "one" }) });
        await using var wider = await ActivityHarness.StartAsync(_directory, Services(new BagOfWordsEmbedder(48)), "wider.db");

        var run = await wider.RunAsync("vector.search", new JsonObject { ["collection"] = "docs", ["query"] = "one" });

        run.Error.Type.ShouldBe("DimensionMismatch");
    }

    [Fact]
    public async Task VectorUpsert_EmbedderFailsOnALaterBatch_WritesNothing()
    {
        await using var harness = await ActivityHarness.StartAsync(_directory, Services(new FailingEmbedder(_embedder, failOnRequest: 3)), "failing.db");
        var items = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)new JsonObject { ["text"] = $"item number {i}" })]);

        var run = await harness.RunAsync("vector.upsert", new JsonObject { ["collection"] = "batches", ["items"] = items, ["batchSize"] = 3 });

        run.Completed.ShouldBeFalse();
        run.Error.Message.ShouldContain("embedding service fell over");
        (await _store.GetDimensionAsync("batches")).ShouldBeNull();
    }

    [Fact]
    public async Task VectorUpsert_BatchSize_SplitsEmbeddingRequests()
    {
        var items = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)new JsonObject { ["text"] = $"item number {i}" })]);
        var before = _embedder.Requests;

        var run = await _harness.RunAsync("vector.upsert", new JsonObject { ["collection"] = "batches", ["items"] = items, ["batchSize"] = 4 });

        run.Output["upserted"]!.GetValue<int>().ShouldBe(10);
        (_embedder.Requests - before).ShouldBe(3);
    }

    [Theory]
    [InlineData("""{"collection":"c"}""", "exactly one of the inputs 'items' and 'chunks'")]
    [InlineData("""{"collection":"c","items":[]}""", "'items'")]
    [InlineData("""{"collection":"c","items":[{"id":"a"}]}""", "'items[0].text'")]
    [InlineData("""{"collection":"c","items":[{"id":"a","text":"x"},{"id":"a","text":"y"}]}""", "'a' appears twice")]
    [InlineData("""{"collection":"c","items":[{"text":"x","metadata":{"text":"no"}}]}""", "reserved")]
    [InlineData("""{"collection":"c","items":[{"text":"x","metadata":"no"}]}""", "'items[0].metadata'")]
    [InlineData("""{"collection":"bad/name","items":[{"text":"x"}]}""", "bad/name")]
    [InlineData("""{"collection":"c","items":[{"text":"x"}],"batchSize":0}""", "'batchSize'")]
    public async Task VectorUpsert_BadInputs_FailOnceWithValidationError(string inputs, string message)
    {
        var run = await _harness.RunAsync("vector.upsert", JsonNode.Parse(inputs)!.AsObject(), ThreeAttempts);

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain(message);
        run.Error.Attempt.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"collection":"c"}""", "exactly one of the inputs 'query' and 'vector'")]
    [InlineData("""{"collection":"c","query":"x","topK":0}""", "'topK'")]
    [InlineData("""{"collection":"c","query":"x","filter":{"must":[{"key":"a","range":{}}]}}""", "'filter.must[0].range'")]
    [InlineData("""{"collection":"c","vector":[1,"x"]}""", "'vector[1]'")]
    public async Task VectorSearch_BadInputs_FailWithValidationError(string inputs, string message)
    {
        var run = await _harness.RunAsync("vector.search", JsonNode.Parse(inputs)!.AsObject());

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain(message);
    }

    [Fact]
    public async Task VectorSearch_MissingCollection_FailsOnceWithCollectionNotFound()
    {
        var run = await _harness.RunAsync("vector.search", new JsonObject { ["collection"] = "never", ["query"] = "x" }, ThreeAttempts);

        run.Error.Type.ShouldBe("CollectionNotFound");
        run.Error.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task VectorUpsert_UnknownStoreOrNoProvider_FailsWithConfigurationError()
    {
        var qdrant = await _harness.RunAsync("vector.upsert", new JsonObject { ["collection"] = "c", ["store"] = "qdrant", ["items"] = new JsonArray(new JsonObject { ["text"] = "x" }) });
        await using var bare = await ActivityHarness.StartAsync(_directory, new TestServices(), "bare.db");
        var unconfigured = await bare.RunAsync("vector.upsert", new JsonObject { ["collection"] = "c", ["items"] = new JsonArray(new JsonObject { ["text"] = "x" }) });

        qdrant.Error.Type.ShouldBe("ConfigurationError");
        qdrant.Error.Message.ShouldContain("'qdrant'");
        unconfigured.Error.Type.ShouldBe("ConfigurationError");
        unconfigured.Error.Message.ShouldContain(nameof(IEmbeddingsProvider));
    }

    [Fact]
    public async Task VectorUpsertAndSearch_QdrantStore_SpeakQdrantsProtocol()
    {
        await using var qdrant = await QdrantFake.StartAsync();
        using var store = new QdrantVectorStore(new QdrantOptions { Endpoint = qdrant.Endpoint, ApiKey = QdrantFake.ApiKey });
        var services = new TestServices()
            .Add<IEmbeddingsProvider>(new TestEmbeddingsProvider(_embedder))
            .Add<IVectorStoreProvider>(new VectorStoreProvider(_store, store));
        await using var harness = await ActivityHarness.StartAsync(_directory, services, "qdrant.db");
        qdrant.Expect("GET", "/collections/kb", 404, QdrantFake.NotFound("kb"))
            .Expect("PUT", "/collections/kb", """{"vectors":{"size":32,"distance":"Cosine"}}""", 200, QdrantFake.Ok("true"))
            .Expect("PUT", "/collections/kb/points?wait=true", body =>
            {
                var points = body!["points"]!.AsArray();
                points.Select(p => p!["id"]!.GetValue<string>()).ShouldBe([QdrantVectorStore.PointId("kb-doc:0").ToString(), QdrantVectorStore.PointId("kb-doc:1").ToString()]);
                points[0]!["vector"]!.AsArray().Count.ShouldBe(32);
                points[1]!["payload"]!.ToJsonString().ShouldBe("""{"source":"wiki","text":"second text","_id":"kb-doc:1"}""");
            }, 200, QdrantFake.Completed)
            .Expect("POST", "/collections/kb/points/query", body =>
            {
                body!["limit"]!.GetValue<int>().ShouldBe(1);
                body["with_payload"]!.GetValue<bool>().ShouldBeTrue();
                body["filter"]!.ToJsonString().ShouldBe("""{"must":[{"key":"source","match":{"value":"wiki"}}]}""");
            }, 200, QdrantFake.Ok($$$"""{"points":[{"id":"{{{QdrantVectorStore.PointId("kb-doc:1")}}}","version":0,"score":0.87,"payload":{"source":"wiki","text":"second text","_id":"kb-doc:1"}}]}"""));

        var upsert = await harness.RunAsync("vector.upsert", new JsonObject
        {
            ["collection"] = "kb",
            ["store"] = "qdrant",
            ["idPrefix"] = "kb-doc",
            ["metadata"] = new JsonObject { ["source"] = "wiki" },
            ["items"] = new JsonArray(new JsonObject { ["text"] = "first text" }, new JsonObject { ["text"] = "second text" }),
        });
        var search = await harness.RunAsync("vector.search", new JsonObject
        {
            ["collection"] = "kb", ["store"] = "qdrant", ["query"] = "second", ["topK"] = 1, ["filter"] = new JsonObject { ["source"] = "wiki" },
        });

        qdrant.Verify();
        upsert.Output["upserted"]!.GetValue<int>().ShouldBe(2);
        search.Output["matches"]!.ToJsonString().ShouldBe("""[{"id":"kb-doc:1","score":0.87,"text":"second text","metadata":{"source":"wiki"}}]""");
    }

    private TestServices Services(IEmbeddingGenerator<string, Embedding<float>> embedder) => new TestServices()
        .Add<IEmbeddingsProvider>(new TestEmbeddingsProvider(embedder))
        .Add<IVectorStoreProvider>(new VectorStoreProvider(_store));

    /// <summary>Delegates to another embedder but throws on its n-th request, like a provider failing mid-ingestion.</summary>
    private sealed class FailingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner, int failOnRequest) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _requests;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _requests) == failOnRequest
                ? throw new HttpRequestException("The embedding service fell over.")
                : inner.GenerateAsync(values, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
