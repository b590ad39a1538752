using Microsoft.Extensions.AI;
using Weft.Activities.Providers;
using Server = Weft.Activities.Tests.OpenAiTestServer.OpenAiTestServer;

namespace Weft.Activities.Tests.Providers;

public sealed class OpenAIEmbeddingGeneratorTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync() => _server = await Server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IEmbeddingGenerator<string, Embedding<float>> Generator(Action<ModelAlias> configure)
    {
        var alias = _server.Alias("text-embedding-test", ModelKind.Embedding);
        configure(alias);
        return new ModelCatalog(new ModelCatalogOptions { Aliases = { ["embeddings"] = alias } }).GetEmbeddingGenerator("embeddings");
    }

    [Fact]
    public async Task GenerateAsync_ManyTexts_SendsBatchesAndKeepsInputOrder()
    {
        var generator = Generator(a => { a.MaxBatchSize = 2; a.Dimensions = 24; });
        string[] texts = ["alpha", "beta", "gamma", "delta", "epsilon"];

        var result = await generator.GenerateAsync(texts);

        _server.Requests.Select(r => r.Inputs).ShouldBe([["alpha", "beta"], ["gamma", "delta"], ["epsilon"]]);
        _server.Requests.ShouldAllBe(r => r.Path == "/v1/embeddings" && r.Body["dimensions"]!.GetValue<int>() == 24);
        // The server lists vectors in reverse; the adapter must order them by index.
        var reference = new HashingEmbeddingGenerator(24);
        for (var i = 0; i < texts.Length; i++)
            result[i].Vector.ToArray().ShouldBe(reference.Embed(texts[i]));
        result.ShouldAllBe(e => e.ModelId == "text-embedding-test" && e.Dimensions == 24);
        result.Usage!.InputTokenCount.ShouldBe(5);
    }

    [Fact]
    public async Task GenerateAsync_ServerError_SurfacesAsRetryableUnavailable()
    {
        _server.Model("text-embedding-test").Fault(503, "overloaded");
        var generator = Generator(_ => { });

        var thrown = await Should.ThrowAsync<Exception>(() => generator.GenerateAsync(["a"]));

        ModelFailures.TryMap(thrown, "embeddings", CancellationToken.None, out var failure).ShouldBeTrue();
        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
        _server.Requests.Count.ShouldBe(1);
    }
}
