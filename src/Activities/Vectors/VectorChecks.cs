using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Vectors;

/// <summary>Argument checks both stores apply the same way, so a workflow fails the same on either.</summary>
internal static class VectorChecks
{
    /// <summary>Names that are safe as a Qdrant path segment and a SQLite value alike.</summary>
    public static void CollectionName(string collection)
    {
        if (string.IsNullOrEmpty(collection) || collection.Length > 255 || !collection.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw ActivityException.Validation($"Collection name '{collection}' is not valid: use 1 to 255 letters, digits, '_', '-' or '.'.");
    }

    public static void Dimension(int dimension)
    {
        if (dimension is < 1 or > 65_536)
            throw ActivityException.Validation($"Dimension {dimension} is not valid: it must be between 1 and 65536.");
    }

    public static void TopK(int topK)
    {
        if (topK is < 1 or > 10_000)
            throw ActivityException.Validation($"topK is {topK}; it must be between 1 and 10000.");
    }

    /// <summary>Every point's id and vector, before anything is written: one bad point fails the batch.</summary>
    public static void Points(string collection, int dimension, IReadOnlyList<VectorPoint> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if (string.IsNullOrEmpty(point.Id))
                throw ActivityException.Validation($"Point {i} of the batch for '{collection}' has no id; nothing was written.");
            Vector(collection, dimension, point.Vector.Span, $"Point '{point.Id}'", "; nothing was written");
            if (point.Payload is { } payload && payload.ContainsKey(QdrantVectorStore.OriginalIdKey))
                throw ActivityException.Validation($"Point '{point.Id}' has a payload key '{QdrantVectorStore.OriginalIdKey}', which is reserved; nothing was written.");
        }
    }

    public static void Vector(string collection, int dimension, ReadOnlySpan<float> vector, string what, string consequence = "")
    {
        if (vector.Length != dimension) throw new DimensionMismatchException(collection, dimension, vector.Length);
        var norm = 0.0;
        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
                throw new ActivityException(ErrorTypes.Validation, $"{what} for '{collection}' has a NaN or infinite component{consequence}.", retryable: false);
            norm += (double)x * x;
        }
        if (norm == 0)
            throw new ActivityException(ErrorTypes.Validation, $"{what} for '{collection}' is all zeros and has no direction to compare{consequence}.", retryable: false);
    }

    public static ActivityException NotFound(string collection) =>
        new(DataErrors.CollectionNotFound, $"Collection '{collection}' does not exist; upsert into it first.", retryable: false);
}
