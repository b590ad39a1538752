using Microsoft.Extensions.AI;
using Weft.Engine.Activities;

namespace Weft.Activities.Data;

/// <summary>Embeds many texts in batches and checks what comes back, so a bad answer fails before anything is stored.</summary>
internal static class EmbeddingBatches
{
    public static async Task<float[][]> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> texts,
        int batchSize,
        ActivityContext? context,
        CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        var dimension = -1;
        for (var offset = 0; offset < texts.Count; offset += batchSize)
        {
            var batch = texts.Skip(offset).Take(batchSize).ToArray();
            var generated = await generator.GenerateAsync(batch, options: null, cancellationToken).ConfigureAwait(false);
            if (generated.Count != batch.Length)
                throw new ActivityException(DataErrors.EmbeddingFailed, $"The embeddings model returned {generated.Count} vectors for {batch.Length} texts.", retryable: true);
            for (var i = 0; i < batch.Length; i++)
            {
                var vector = generated[i].Vector.ToArray();
                if (vector.Length == 0 || Array.Exists(vector, x => !float.IsFinite(x)))
                    throw new ActivityException(DataErrors.EmbeddingFailed, $"The embeddings model returned an empty or non-finite vector for text {offset + i}.", retryable: true);
                if (dimension < 0) dimension = vector.Length;
                else if (vector.Length != dimension)
                    throw new ActivityException(DataErrors.EmbeddingFailed, $"The embeddings model returned vectors of dimension {dimension} and {vector.Length} in one run.", retryable: true);
                vectors[offset + i] = vector;
            }
            context?.Heartbeat();
        }
        return vectors;
    }
}
