using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Weft.Activities.Documents;
using Weft.Activities.Memory;
using Weft.Activities.Providers;
using Weft.Activities.Vectors;

namespace Weft.Activities.Data;

/// <summary>Where the data activities keep their files and which hosts and vector stores they may use.</summary>
public sealed class DataServiceOptions
{
    /// <summary>Folder of the embedded vector store, memory history and stored documents (vectors.db, memory.db, documents.db). Required.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Hosts <c>document.load</c> may fetch from (exact, <c>*.suffix</c> or <c>*</c>). Default: none.</summary>
    public IList<string> AllowedHosts { get; init; } = [];

    /// <summary>The Qdrant REST endpoint, when <c>store: qdrant</c> is used. Default: none (only the embedded store).</summary>
    public Uri? QdrantEndpoint { get; init; }

    public string? QdrantApiKey { get; init; }
}

/// <summary>Registers what text.chunk, document.load, vector.* and memory.* resolve from the services.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>Binds the data activities to the model catalog (<see cref="ModelServiceCollectionExtensions.AddWeftModels"/> first) and to stores under <see cref="DataServiceOptions.DataDirectory"/>.</summary>
    public static IServiceCollection AddWeftData(this IServiceCollection services, DataServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton<IEmbeddingsProvider>(sp => new CatalogProviders(sp.GetRequiredService<IModelCatalog>()));
        services.AddSingleton<IChatProvider>(sp => new CatalogProviders(sp.GetRequiredService<IModelCatalog>()));
        services.AddSingleton(_ => new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = Path.Combine(options.DataDirectory, "vectors.db") }));
        services.AddSingleton<IVectorStoreProvider>(sp => new VectorStoreProvider(
            sp.GetRequiredService<EmbeddedVectorStore>(),
            options.QdrantEndpoint is { } endpoint ? new QdrantVectorStore(new QdrantOptions { Endpoint = endpoint, ApiKey = options.QdrantApiKey }) : null));
        services.AddSingleton(sp => new MemoryStore(sp.GetRequiredService<EmbeddedVectorStore>(), new MemoryStoreOptions { HistoryPath = Path.Combine(options.DataDirectory, "memory.db") }));
        services.AddSingleton<IDocumentStore>(_ => new SqliteDocumentStore(Path.Combine(options.DataDirectory, "documents.db")));
        services.AddSingleton(_ => new DocumentFetcher(new DocumentLoadOptions { AllowedHosts = options.AllowedHosts }));
        return services;
    }

    private sealed class CatalogProviders(IModelCatalog catalog) : IEmbeddingsProvider, IChatProvider
    {
        public IEmbeddingGenerator<string, Embedding<float>> Get(string alias) => catalog.GetEmbeddingGenerator(alias);

        IChatClient IChatProvider.Get(string alias) => catalog.GetChatClient(alias);
    }
}
