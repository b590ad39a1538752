using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Vectors;

/// <summary>The vector stores a host offers by name (<c>embedded</c>, <c>qdrant</c>), for the <c>store</c> input of the vector activities.</summary>
public interface IVectorStoreProvider
{
    /// <summary>The store named <paramref name="name"/>; a non-retryable <c>ConfigurationError</c> when the host has none by that name.</summary>
    IVectorStore Get(string name);
}

/// <summary>An <see cref="IVectorStoreProvider"/> over a fixed set of stores.</summary>
public sealed class VectorStoreProvider(IReadOnlyDictionary<string, IVectorStore> stores) : IVectorStoreProvider
{
    public const string Embedded = "embedded";
    public const string Qdrant = "qdrant";

    public VectorStoreProvider(IVectorStore embedded, IVectorStore? qdrant = null)
        : this(qdrant is null
            ? new Dictionary<string, IVectorStore>(StringComparer.OrdinalIgnoreCase) { [Embedded] = embedded }
            : new Dictionary<string, IVectorStore>(StringComparer.OrdinalIgnoreCase) { [Embedded] = embedded, [Qdrant] = qdrant })
    {
    }

    public IVectorStore Get(string name) =>
        stores.TryGetValue(name, out var store)
            ? store
            : throw new ActivityException(DataErrors.Configuration,
                $"Vector store '{name}' is not configured on this host; configured: {string.Join(", ", stores.Keys)}.",
                retryable: false);
}
