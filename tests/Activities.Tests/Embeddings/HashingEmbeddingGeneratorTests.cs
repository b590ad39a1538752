using System.Text;
using Weft.Activities.Providers;

namespace Weft.Activities.Tests.Embeddings;

public sealed class HashingEmbeddingGeneratorTests
{
    private static double Cosine(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void StableHash_IsFnv1a64_SoVectorsAreTheSameInEveryProcess(string text, ulong expected)
    {
        // The published FNV-1a test vectors: the bucket of a feature depends on nothing but its bytes.
        StableHash.Fnv1a(Encoding.UTF8.GetBytes(text)).ShouldBe(expected);
    }

    [Fact]
    public void Embed_TwoInstances_GiveIdenticalVectors()
    {
        const string text = "Durable workflows retry every step — 재시도 — 重试 — повтор.";
        var first = new HashingEmbeddingGenerator().Embed(text);
        var second = new HashingEmbeddingGenerator().Embed(text);
        second.ShouldBe(first);
    }

    [Theory]
    [InlineData("The cat sat on the mat.")]
    [InlineData("나는 기계 학습을 좋아한다")]
    [InlineData("我喜欢机器学习")]
    [InlineData("x")]
    public void Embed_AnyText_IsUnitLengthWithTheConfiguredDimension(string text)
    {
        var vector = new HashingEmbeddingGenerator(256).Embed(text);
        vector.Length.ShouldBe(256);
        Norm(vector).ShouldBe(1.0, 1e-5);
    }

    [Fact]
    public void Embed_TextWithoutLettersOrDigits_IsTheZeroVector()
    {
        new HashingEmbeddingGenerator().Embed("  ?! … — ").ShouldAllBe(v => v == 0);
    }

    [Fact]
    public void Embed_IgnoresCaseAndPunctuation()
    {
        var generator = new HashingEmbeddingGenerator();
        generator.Embed("Hello, WORLD!").ShouldBe(generator.Embed("hello world"));
        generator.Embed("ПРИВЕТ МИР").ShouldBe(generator.Embed("привет мир"));
    }

    [Theory]
    [InlineData("Vector databases store embeddings for similarity search.", "Embeddings are stored in a vector database to search by similarity.", "My grandmother bakes apple pie every Sunday.")]
    [InlineData("How do I reset my password?", "password reset instructions", "The weather in Paris is sunny today.")]
    [InlineData("나는 기계 학습을 좋아한다", "나는 기계 학습이 좋다", "오늘 날씨가 매우 덥습니다")]
    [InlineData("我喜欢机器学习", "我非常喜欢机器学习和深度学习", "今天天气很好")]
    [InlineData("Я люблю машинное обучение", "Мне нравится машинное обучение", "Сегодня идёт сильный дождь")]
    [InlineData("機械学習が好きです", "機械学習はとても面白い", "明日は雨が降るでしょう")]
    public void Embed_SimilarTexts_ScoreHigherThanUnrelatedOnes(string text, string similar, string unrelated)
    {
        var generator = new HashingEmbeddingGenerator();
        var anchor = generator.Embed(text);
        var close = Cosine(anchor, generator.Embed(similar));
        var far = Cosine(anchor, generator.Embed(unrelated));
        close.ShouldBeGreaterThan(0.4);
        far.ShouldBeLessThan(0.25);
        (close - far).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task GenerateAsync_ReturnsOneVectorPerTextInOrder_NamedByModelId()
    {
        var generator = new HashingEmbeddingGenerator(64);
        var result = await generator.GenerateAsync(["alpha", "beta", "gamma"]);
        result.Count.ShouldBe(3);
        result[1].Vector.ToArray().ShouldBe(generator.Embed("beta"));
        result.ShouldAllBe(e => e.ModelId == "weft-hashing-64" && e.Dimensions == 64);
    }

    [Fact]
    public async Task GenerateAsync_AnotherDimensionAsked_Throws()
    {
        var generator = new HashingEmbeddingGenerator(64);
        await Should.ThrowAsync<ArgumentException>(() => generator.GenerateAsync(["a"], new Microsoft.Extensions.AI.EmbeddingGenerationOptions { Dimensions = 128 }));
    }
}
