using Microsoft.Extensions.AI;

namespace Weft.Bench;

/// <summary>
/// A local hashing embedder for the ingestion benchmark (the work the offline default embedder does):
/// each lower-cased word adds ±1 at a hashed position of a 384-dimension vector, then the vector is
/// normalised. Stands in for the providers' HashingEmbeddingGenerator until both land on main.
/// </summary>
internal sealed class BenchEmbedder(int dimension = 384) : IEmbeddingGenerator<string, Embedding<float>>
{
    public float[] Embed(string text)
    {
        var vector = new float[dimension];
        var hash = 2166136261u;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
                inWord = true;
            }
            else if (inWord)
            {
                Add(vector, hash);
                hash = 2166136261u;
                inWord = false;
            }
        }
        if (inWord) Add(vector, hash);
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private void Add(float[] vector, uint hash) => vector[(int)(hash % (uint)dimension)] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
}
