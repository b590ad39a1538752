using Microsoft.Extensions.AI;
using OpenAI.Embeddings;
using AIEmbeddingOptions = Microsoft.Extensions.AI.EmbeddingGenerationOptions;

namespace Weft.Activities.Providers;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the OpenAI SDK's <see cref="EmbeddingClient"/>:
/// texts are sent in batches of at most <c>maxBatchSize</c>, in order, and the vectors come back in
/// input order whatever order the provider lists them in.
/// </summary>
public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Texts per request by default; OpenAI accepts up to 2,048, smaller servers often less.</summary>
    public const int DefaultMaxBatchSize = 256;

    private readonly EmbeddingClient _client;
    private readonly int _maxBatchSize;
    private readonly int? _dimensions;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="dimensions">Sent as <c>dimensions</c> when set (models that can shorten their vectors). Default: the model's own size.</param>
    /// <param name="modelId">The model the client is bound to (the SDK exposes it only as an experimental API).</param>
    public OpenAIEmbeddingGenerator(EmbeddingClient client, string modelId, int maxBatchSize = DefaultMaxBatchSize, int? dimensions = null, Uri? endpoint = null, string providerName = "openai")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _client = client;
        _maxBatchSize = maxBatchSize;
        _dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata(providerName, endpoint, modelId, dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, AIEmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        long inputTokens = 0, totalTokens = 0;
        var request = new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = options?.Dimensions ?? _dimensions };
        for (var start = 0; start < texts.Count; start += _maxBatchSize)
        {
            var batch = texts.Skip(start).Take(_maxBatchSize).ToArray();
            var response = await _client.GenerateEmbeddingsAsync(batch, request, cancellationToken).ConfigureAwait(false);
            var collection = response.Value;
            if (collection.Count != batch.Length)
                throw new InvalidOperationException($"The embedding endpoint returned {collection.Count} vectors for {batch.Length} texts.");
            var createdAt = DateTimeOffset.UtcNow;
            foreach (var embedding in collection.OrderBy(e => e.Index))
                result.Add(new Embedding<float>(embedding.ToFloats()) { ModelId = collection.Model, CreatedAt = createdAt });
            if (collection.Usage is { } usage)
            {
                inputTokens += usage.InputTokenCount;
                totalTokens += usage.TotalTokenCount;
            }
        }
        result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        if (serviceType == typeof(EmbeddingClient)) return _client;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // Nothing of its own to release.
    }
}
