using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Weft.Activities.Vectors;

namespace Weft.Bench;

/// <summary>
/// Embedded vector search latency (top 10 of 10k and 100k unit vectors of dimension 384) against its
/// floor measured in the same run: a plain SIMD dot-product scan of one contiguous matrix holding the
/// same vectors, keeping the 10 best. The store's search adds the per-search version check (one
/// SQLite read), the paged matrix, the top-k heap and copying the 10 payloads. Goal: within 2× of the floor.
/// Run: dotnet run -c Release --project bench/Weft.Bench -- --filter '*VectorSearch*'
/// </summary>
[Config(typeof(LatencyConfig))]
public class VectorSearchBenchmark
{
    private const int Dimension = 384;
    private const int TopK = 10;

    private string _directory = "";
    private EmbeddedVectorStore _store = null!;
    private EmbeddedVectorStore _trusting = null!;
    private VectorFilter _filter = null!;
    private float[] _matrix = [];
    private float[][] _queries = [];
    private int _next;

    [Params(10_000, 100_000)]
    public int Vectors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("weft-bench-vectors-").FullName;
        _store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = Path.Combine(_directory, "vectors.db") });
        _store.EnsureCollectionAsync("bench", Dimension).GetAwaiter().GetResult();
        var random = new Random(42);
        _matrix = new float[Vectors * Dimension];
        var batch = new List<VectorPoint>(5000);
        for (var i = 0; i < Vectors; i++)
        {
            var row = Unit(random);
            row.CopyTo(_matrix, i * Dimension);
            batch.Add(new VectorPoint($"p{i}", row, new JsonObject { ["n"] = i, ["even"] = i % 2 == 0 }));
            if (batch.Count == batch.Capacity)
            {
                _store.UpsertAsync("bench", batch).GetAwaiter().GetResult();
                batch.Clear();
            }
        }
        if (batch.Count > 0) _store.UpsertAsync("bench", batch).GetAwaiter().GetResult();
        _queries = [.. Enumerable.Range(0, 64).Select(_ => Unit(random))];
        _filter = VectorFilter.Parse(new JsonObject { ["even"] = true });
        _store.SearchAsync("bench", _queries[0], TopK).GetAwaiter().GetResult(); // loads the in-memory copy
        _trusting = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = Path.Combine(_directory, "vectors.db"), DetectExternalWrites = false });
        _trusting.SearchAsync("bench", _queries[0], TopK).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _trusting.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "floor: SIMD dot-product scan, top 10")]
    public int Floor()
    {
        var query = NextQuery();
        Span<float> bestScores = stackalloc float[TopK];
        Span<int> bestRows = stackalloc int[TopK];
        bestScores.Fill(float.NegativeInfinity);
        for (var row = 0; row < Vectors; row++)
        {
            var score = Dot(query, new ReadOnlySpan<float>(_matrix, row * Dimension, Dimension));
            if (score <= bestScores[TopK - 1]) continue;
            var at = TopK - 1;
            while (at > 0 && bestScores[at - 1] < score)
            {
                bestScores[at] = bestScores[at - 1];
                bestRows[at] = bestRows[at - 1];
                at--;
            }
            bestScores[at] = score;
            bestRows[at] = row;
        }
        return bestRows[0];
    }

    [Benchmark(Description = "EmbeddedVectorStore.SearchAsync, top 10")]
    public IReadOnlyList<VectorMatch> Search() => _store.SearchAsync("bench", NextQuery(), TopK).GetAwaiter().GetResult();

    [Benchmark(Description = "SearchAsync, top 10, DetectExternalWrites = false")]
    public IReadOnlyList<VectorMatch> SearchWithoutVersionCheck() => _trusting.SearchAsync("bench", NextQuery(), TopK).GetAwaiter().GetResult();

    [Benchmark(Description = "SearchAsync, top 10, filter {even: true}")]
    public IReadOnlyList<VectorMatch> SearchFiltered() => _store.SearchAsync("bench", NextQuery(), TopK, filter: _filter).GetAwaiter().GetResult();

    private float[] NextQuery() => _queries[_next++ % _queries.Length];

    private static float[] Unit(Random random)
    {
        var row = new float[Dimension];
        var norm = 0.0;
        for (var d = 0; d < Dimension; d++)
        {
            row[d] = (float)((random.NextDouble() * 2) - 1);
            norm += row[d] * row[d];
        }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var d = 0; d < Dimension; d++) row[d] *= scale;
        return row;
    }

    /// <summary>The textbook Vector&lt;float&gt; loop: one accumulator, then the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (var i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        var result = Vector.Sum(sum);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++) result += a[i] * b[i];
        return result;
    }
}
