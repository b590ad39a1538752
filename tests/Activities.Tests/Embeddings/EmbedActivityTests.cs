using System.Text.Json.Nodes;
using Weft.Activities.Embeddings;
using Weft.Activities.Providers;
using Weft.Activities.Tests.Chat.Support;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Embeddings;

public sealed class EmbedActivityTests : ModelTestBase
{
    private static readonly EmbedActivity Activity = new();

    private async Task<JsonObject> EmbedAsync(JsonObject inputs)
    {
        var result = await Activity.ExecuteAsync(Host().Context("ai.embed", inputs));
        return result.Output.ShouldBeOfType<JsonObject>();
    }

    private static float[] VectorAt(JsonObject output, int index) =>
        [.. output["vectors"]![index]!.AsArray().Select(v => v!.GetValue<float>())];

    [Fact]
    public async Task ExecuteAsync_TextsWithDefaultModel_UseTheOfflineHashingEmbedder()
    {
        var output = await EmbedAsync(new JsonObject { ["texts"] = new JsonArray("first text", "second text") });

        output["count"]!.GetValue<int>().ShouldBe(2);
        output["dimensions"]!.GetValue<int>().ShouldBe(384);
        output["model"]!.GetValue<string>().ShouldBe("weft-hashing-384");
        var reference = new HashingEmbeddingGenerator();
        VectorAt(output, 0).ShouldBe(reference.Embed("first text"));
        VectorAt(output, 1).ShouldBe(reference.Embed("second text"));
        Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_SingleString_IsOneVector()
    {
        var output = await EmbedAsync(new JsonObject { ["texts"] = "just one" });
        output["count"]!.GetValue<int>().ShouldBe(1);
        VectorAt(output, 0).ShouldBe(new HashingEmbeddingGenerator().Embed("just one"));
    }

    [Fact]
    public async Task ExecuteAsync_ItemsWithTextField_EmbedsThatField()
    {
        var items = new JsonArray(
            new JsonObject { ["chunk"] = new JsonObject { ["body"] = "alpha" } },
            new JsonObject { ["chunk"] = new JsonObject { ["body"] = "beta" } });
        var output = await EmbedAsync(new JsonObject { ["items"] = items, ["textField"] = "chunk.body" });
        VectorAt(output, 1).ShouldBe(new HashingEmbeddingGenerator().Embed("beta"));
    }

    [Fact]
    public async Task ExecuteAsync_RemoteModel_SendsOneRequestPerBatchInOrder()
    {
        string[] texts = ["one", "two", "three", "four", "five"];
        var output = await EmbedAsync(new JsonObject { ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]), ["model"] = "remote-embeddings", ["batchSize"] = 2 });

        Server.Requests.Select(r => r.Inputs).ShouldBe([["one", "two"], ["three", "four"], ["five"]]);
        output["model"]!.GetValue<string>().ShouldBe(EmbeddingModel);
        output["count"]!.GetValue<int>().ShouldBe(5);
        var reference = new HashingEmbeddingGenerator(32); // what the test server computes
        for (var i = 0; i < texts.Length; i++) VectorAt(output, i).ShouldBe(reference.Embed(texts[i]));
    }

    [Theory]
    [InlineData("""{"texts": ["ok", ""]}""", "Text 1 of node 'node' is empty")]
    [InlineData("""{"texts": ["ok", 5]}""", "'texts[1]' of node 'node' must be a string")]
    [InlineData("""{"texts": 5}""", "must be a string or an array of strings")]
    [InlineData("""{"items": [{"text": "a"}, {"body": "b"}]}""", "Item 1 of node 'node' has no text in 'text'")]
    [InlineData("""{}""", "needs 'texts'")]
    [InlineData("""{"texts": ["a"], "items": [{"text": "a"}]}""", "both 'texts' and 'items'")]
    [InlineData("""{"texts": ["a"], "batchSize": 0}""", "'batchSize'")]
    public async Task ExecuteAsync_BadInput_FailsValidationSayingWhat(string inputs, string expected)
    {
        var failure = await Should.ThrowAsync<ActivityException>(() => EmbedAsync(JsonNode.Parse(inputs)!.AsObject()));
        failure.ErrorType.ShouldBe("ValidationError");
        failure.Retryable.ShouldBeFalse();
        failure.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownAlias_FailsNamingTheSetting()
    {
        var failure = await Should.ThrowAsync<ActivityException>(() => EmbedAsync(new JsonObject { ["texts"] = "x", ["model"] = "docs" }));
        failure.ErrorType.ShouldBe(ModelErrorTypes.NotConfigured);
        failure.Message.ShouldContain("Weft:Models:docs:Endpoint");
    }

    [Fact]
    public async Task ExecuteAsync_RemoteModelRateLimited_IsRetryableUnavailable()
    {
        Server.Model(EmbeddingModel).Fault(429, "slow down", retryAfterSeconds: 1);
        var failure = await Should.ThrowAsync<ActivityException>(() => EmbedAsync(new JsonObject { ["texts"] = "x", ["model"] = "remote-embeddings" }));
        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
        failure.Retryable.ShouldBeTrue();
    }
}
