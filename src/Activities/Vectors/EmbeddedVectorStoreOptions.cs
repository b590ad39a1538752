namespace Weft.Activities.Vectors;

/// <summary>Where and how the embedded vector store keeps its data.</summary>
public sealed class EmbeddedVectorStoreOptions
{
    /// <summary>The SQLite file (created if missing). It may be the workflow store's file: the tables are the store's own (<c>vector_*</c>, migrations in <c>vectors_schema</c>). Required.</summary>
    public required string Path { get; init; }

    /// <summary>How long a write waits for another connection's write lock. Default: 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Before each search, compare the collection's version in the file with the in-memory copy's and
    /// reload when another process wrote to it. One indexed read per search. Default: true.
    /// </summary>
    public bool DetectExternalWrites { get; init; } = true;
}
