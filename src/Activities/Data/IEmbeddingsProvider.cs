using Microsoft.Extensions.AI;

namespace Weft.Activities.Data;

/// <summary>
/// Resolves an embeddings model alias (e.g. <c>embeddings</c>) to a generator. Activities find it in
/// <c>ActivityContext.Services</c>; the host binds it to its model catalog.
/// </summary>
public interface IEmbeddingsProvider
{
    /// <summary>The generator for <paramref name="alias"/>; throws when the alias is not configured.</summary>
    IEmbeddingGenerator<string, Embedding<float>> Get(string alias);
}
