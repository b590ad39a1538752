using System.Text.Json.Nodes;

namespace Weft.Activities.Vectors;

/// <summary>
/// A vector database: named collections of points (id, vector, JSON payload) with a fixed dimension
/// and cosine distance. Implemented in-process over SQLite (<see cref="EmbeddedVectorStore"/>) and over
/// Qdrant's REST API (<see cref="QdrantVectorStore"/>); filters use Qdrant's JSON shape in both, so a
/// workflow moves between them unchanged. Failures are <c>ActivityException</c>s typed by <c>DataErrors</c>.
/// </summary>
public interface IVectorStore
{
    /// <summary>Creates the collection, or checks that the existing one has <paramref name="dimension"/> (<c>DimensionMismatch</c> otherwise).</summary>
    Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default);

    /// <summary>The collection's dimension; null when it does not exist.</summary>
    Task<int?> GetDimensionAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or replaces points by id. Every point is checked first, so one bad point (wrong
    /// dimension, zero, NaN, no id) fails the whole call before anything is written. The embedded
    /// store then writes the call in one transaction; Qdrant applies each request of
    /// <see cref="QdrantOptions.MaxPointsPerRequest"/> points as a whole, so a network failure between
    /// requests leaves the earlier ones written — with stable ids a retry overwrites them.
    /// </summary>
    Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="topK"/> points most similar to <paramref name="vector"/> (cosine, best first) that pass the filter and threshold.</summary>
    Task<IReadOnlyList<VectorMatch>> SearchAsync(
        string collection,
        ReadOnlyMemory<float> vector,
        int topK,
        double? scoreThreshold = null,
        VectorFilter? filter = null,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes the points that match <paramref name="filter"/> (an empty filter matches all).</summary>
    Task DeleteAsync(string collection, VectorFilter filter, CancellationToken cancellationToken = default);

    /// <summary>How many points match <paramref name="filter"/> (all when null).</summary>
    Task<long> CountAsync(string collection, VectorFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Indexes a payload field for filtering. Qdrant needs this for fast filters; the embedded store scans and ignores it.</summary>
    Task CreatePayloadIndexAsync(string collection, string field, PayloadIndexType type, CancellationToken cancellationToken = default);
}

/// <summary>One point: <see cref="Id"/> is any non-empty string (Qdrant ids are derived from it).</summary>
public sealed record VectorPoint(string Id, ReadOnlyMemory<float> Vector, JsonObject? Payload = null);

/// <summary>A search result: cosine similarity in [-1, 1], and the payload as stored.</summary>
public sealed record VectorMatch(string Id, double Score, JsonObject Payload);

/// <summary>Qdrant's payload index schemas.</summary>
public enum PayloadIndexType
{
    Keyword,
    Integer,
    Float,
    Bool,
    Datetime,
}
