using Microsoft.Extensions.AI;

namespace Weft.Activities.Providers;

/// <summary>
/// Resolves model aliases to clients. Activities get it with
/// <see cref="ModelCatalogResolver.Resolve(IServiceProvider)"/>. Clients are created once per alias
/// and shared: they are thread-safe.
/// </summary>
public interface IModelCatalog
{
    /// <summary>
    /// The chat client of <paramref name="alias"/>. Throws a non-retryable <see cref="Weft.Engine.Activities.ActivityException"/>
    /// of type <see cref="ModelErrorTypes.NotConfigured"/> naming the settings to set when the alias is missing or incomplete.
    /// </summary>
    IChatClient GetChatClient(string alias);

    /// <summary>
    /// The embedding generator of <paramref name="alias"/>. The <c>embeddings</c> alias falls back to the
    /// offline hashing embedder when it is not configured; any other missing alias fails like <see cref="GetChatClient"/>.
    /// </summary>
    IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string alias);

    /// <summary>The configured alias of that name, or null.</summary>
    ModelAlias? Find(string alias);
}
