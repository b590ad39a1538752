using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Weft.Activities.Providers;

/// <summary>Registers the model catalog for a host with dependency injection.</summary>
public static class ModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IModelCatalog"/> (a singleton <see cref="ModelCatalog"/> over <paramref name="options"/>)
    /// and, as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, the generator of the <c>embeddings</c>
    /// alias (the offline hashing embedder unless configured). Bind <paramref name="options"/>'s
    /// <see cref="ModelCatalogOptions.Aliases"/> from the configuration section <c>Weft:Models</c>.
    /// </summary>
    public static IServiceCollection AddWeftModels(this IServiceCollection services, ModelCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(_ => new ModelCatalog(options));
        services.AddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelCatalog>());
        services.AddSingleton(sp => sp.GetRequiredService<IModelCatalog>().GetEmbeddingGenerator(ModelCatalog.EmbeddingsAlias));
        return services;
    }
}
