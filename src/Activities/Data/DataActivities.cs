using Weft.Activities.Documents;
using Weft.Activities.Memory;
using Weft.Activities.Vectors;
using Weft.Engine.Activities;

namespace Weft.Activities.Data;

/// <summary>
/// Registers the document, vector and memory activities: text.chunk, document.load, vector.upsert,
/// vector.search, memory.add, memory.search. What they resolve from the host's services:
/// <see cref="IEmbeddingsProvider"/> (vector.*, memory.*), <see cref="IChatProvider"/> (memory.add with infer),
/// <see cref="IVectorStoreProvider"/> (vector.*), <see cref="MemoryStore"/> (memory.*), <see cref="IDocumentStore"/>
/// (document.load by id), and optionally <see cref="DocumentFetcher"/> (document.load by URL; defaults otherwise).
/// </summary>
public static class DataActivities
{
    public static ActivityRegistry Register(ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add<ChunkTextActivity>()
            .Add<LoadDocumentActivity>()
            .Add<UpsertVectorsActivity>()
            .Add<SearchVectorsActivity>()
            .Add<AddMemoryActivity>()
            .Add<SearchMemoryActivity>();
    }
}
