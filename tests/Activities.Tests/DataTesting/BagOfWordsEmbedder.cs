using Microsoft.Extensions.AI;

namespace Weft.Activities.Tests.DataTesting;

/// <summary>
/// A deterministic test embedder: each word (lower-cased run of letters or digits; each CJK character
/// on its own) adds ±1 at a hashed position; the vector is normalised. Texts with the same words have
/// similarity 1, texts sharing no words about 0. Counts the requests it serves.
/// </summary>
public sealed class BagOfWordsEmbedder(int dimension = 64) : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _requests;

    public int Dimension { get; } = dimension;

    public int Requests => _requests;

    public float[] Embed(string text)
    {
        var vector = new float[Dimension];
        foreach (var word in Words(text))
        {
            var hash = Fnv1a(word);
            vector[(int)(hash % (uint)Dimension)] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm == 0) vector[0] = 1;
        else for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v))));
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static IEnumerable<string> Words(string text)
    {
        var current = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c >= '\u3040' && c <= '\u9FFF')
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                yield return c.ToString();
            }
            else if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
            }
        }
        if (current.Length > 0) yield return current.ToString();
    }

    private static uint Fnv1a(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
