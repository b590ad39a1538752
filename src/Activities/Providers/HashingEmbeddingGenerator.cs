using Microsoft.Extensions.AI;

namespace Weft.Activities.Providers;

/// <summary>
/// The offline embedder: feature hashing of words and character n-grams (<see cref="TextFeatures"/>)
/// into a fixed number of signed buckets, L2-normalised. Deterministic — the same text gives the
/// same vector in every process, on every machine — needs no model or network, and works for any
/// script. Texts that share words or word pieces get a high cosine; unrelated texts a low one. It
/// knows no synonyms: it is the embedded default so ingestion and search work out of the box; configure
/// a real embedding model for semantic search.
/// A text with no letters or digits gets the zero vector.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int DefaultDimensions = 384;

    private readonly EmbeddingGeneratorMetadata _metadata;

    public HashingEmbeddingGenerator(int dimensions = DefaultDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 8);
        Dimensions = dimensions;
        ModelId = $"weft-hashing-{dimensions}";
        _metadata = new EmbeddingGeneratorMetadata("weft-hashing", null, ModelId, dimensions);
    }

    public int Dimensions { get; }

    /// <summary>Names the algorithm and size, e.g. <c>weft-hashing-384</c>: vectors are comparable only within one id.</summary>
    public string ModelId { get; }

    /// <summary>The vector of <paramref name="text"/>, written into <paramref name="destination"/> (length <see cref="Dimensions"/>).</summary>
    public void Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length != Dimensions)
            throw new ArgumentException($"The destination holds {destination.Length} values; this embedder makes {Dimensions}.", nameof(destination));
        destination.Clear();
        TextFeatures.Accumulate(text, destination);
        double sumOfSquares = 0;
        foreach (var value in destination) sumOfSquares += value * value;
        if (sumOfSquares == 0) return;
        var scale = (float)(1 / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < destination.Length; i++) destination[i] *= scale;
    }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimensions];
        Embed(text, vector);
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } asked && asked != Dimensions)
            throw new ArgumentException($"This hashing embedder makes {Dimensions}-dimensional vectors, not {asked}: configure the alias's Dimensions instead.", nameof(options));
        var createdAt = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(text ?? "")) { ModelId = ModelId, CreatedAt = createdAt });
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // Nothing to release.
    }
}
