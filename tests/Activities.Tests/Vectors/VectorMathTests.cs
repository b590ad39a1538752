using Weft.Activities.Vectors;

namespace Weft.Activities.Tests.Vectors;

public sealed class VectorMathTests
{
    [Fact]
    public void Dot_AnyLength_EqualsTheScalarSum()
    {
        var random = new Random(3);
        for (var length = 0; length < 200; length++)
        {
            var a = EmbeddedVectorStoreTests.RandomVector(random, length);
            var b = EmbeddedVectorStoreTests.RandomVector(random, length);
            var expected = 0.0;
            for (var i = 0; i < length; i++) expected += (double)a[i] * b[i];

            ((double)VectorMath.Dot(a, b)).ShouldBe(expected, 1e-4, $"length {length}");
        }
    }

    [Fact]
    public void TryNormalize_ZeroOrInfiniteVector_ReturnsFalse()
    {
        var destination = new float[3];

        VectorMath.TryNormalize([0, 0, 0], destination).ShouldBeFalse();
        VectorMath.TryNormalize([float.MaxValue, float.MaxValue, 1], destination).ShouldBeTrue();
        VectorMath.TryNormalize([3, 4, 0], destination).ShouldBeTrue();
        destination.ShouldBe([0.6f, 0.8f, 0f]);
    }

    [Fact]
    public void Search_RandomCollection_RanksLikeANaiveDoublePrecisionScan()
    {
        foreach (var dimension in new[] { 384, 67 })
        {
            var random = new Random(dimension);
            var collection = new EmbeddedCollection("c", dimension, 0);
            var rows = Enumerable.Range(0, 2500).Select(_ => EmbeddedVectorStoreTests.RandomVector(random, dimension)).ToArray();
            for (var i = 0; i < rows.Length; i++) collection.Set($"r{i}", VectorMath.Normalized(rows[i]), []);

            for (var q = 0; q < 25; q++)
            {
                var query = EmbeddedVectorStoreTests.RandomVector(random, dimension);
                var naive = rows.Select((row, i) => (Id: $"r{i}", Score: Cosine(query, row)))
                    .OrderByDescending(x => x.Score).Take(10).ToArray();

                var hits = collection.Search(VectorMath.Normalized(query), 10, null, null);

                hits.Select(h => collection.IdAt(h.Row)).ShouldBe(naive.Select(n => n.Id), $"dimension {dimension}, query {q}");
                for (var i = 0; i < hits.Length; i++) ((double)hits[i].Score).ShouldBe(naive[i].Score, 1e-5);
            }
        }
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
