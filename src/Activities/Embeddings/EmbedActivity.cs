using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Activities.Providers;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Embeddings;

/// <summary>
/// <c>ai.embed</c>: vectors for texts, in batches, with the alias's embedding model (by default the
/// offline hashing embedder). Texts come as <c>texts</c> (an array or one string) or as a field of
/// each of <c>items</c> (e.g. the chunks of <c>text.chunk</c>).
/// </summary>
[Activity("ai.embed", DisplayName = "Embed texts", Category = "AI",
    Description = "Turns texts (or a field of each item) into embedding vectors, in batches, with an embedding model alias (default: embeddings, the offline hashing embedder unless configured).")]
[Output("vectors", ValueTypes.Array, Description = "One vector (array of numbers) per text, in input order.")]
[Output("dimensions", ValueTypes.Integer, Description = "The length of each vector.")]
[Output("model", ValueTypes.String, Description = "The embedding model that made them; vectors are comparable only within one model.")]
[Output("count", ValueTypes.Integer, Description = "How many vectors.")]
public sealed class EmbedActivity : Activity<EmbedInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(EmbedInputs inputs, ActivityContext context)
    {
        if (inputs.BatchSize < 1)
            throw ActivityException.Validation($"Input 'batchSize' of node '{context.NodeId}' must be at least 1.");
        ModelInput.RequireAlias(inputs.Model, context.NodeId);
        var texts = ReadTexts(inputs, context.NodeId);
        var generator = ModelCatalogResolver.Resolve(context.Services).GetEmbeddingGenerator(inputs.Model);

        var vectors = new JsonArray();
        int? dimensions = null;
        string? model = null;
        for (var start = 0; start < texts.Count; start += inputs.BatchSize)
        {
            var batch = texts.Skip(start).Take(inputs.BatchSize).ToArray();
            Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>> embeddings;
            try
            {
                embeddings = await generator.GenerateAsync(batch, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ModelFailures.TryMap(ex, inputs.Model, context.CancellationToken, out var failure))
            {
                throw failure;
            }
            if (embeddings.Count != batch.Length)
                throw new ActivityException(ModelErrorTypes.InvalidOutput, $"Embedding model '{inputs.Model}' returned {embeddings.Count} vectors for {batch.Length} texts.", retryable: true);
            foreach (var embedding in embeddings)
            {
                dimensions ??= embedding.Dimensions;
                if (embedding.Dimensions != dimensions)
                    throw new ActivityException(ModelErrorTypes.InvalidOutput, $"Embedding model '{inputs.Model}' returned vectors of {dimensions} and of {embedding.Dimensions} dimensions.", retryable: false);
                model ??= embedding.ModelId;
                vectors.Add(ToJson(embedding.Vector.Span));
            }
            context.Heartbeat();
        }

        return ActivityResult.Complete(new JsonObject
        {
            ["vectors"] = vectors,
            ["dimensions"] = dimensions ?? 0,
            ["model"] = model ?? inputs.Model,
            ["count"] = vectors.Count,
        });
    }

    private static JsonArray ToJson(ReadOnlySpan<float> vector)
    {
        var array = new JsonArray();
        foreach (var value in vector) array.Add(value);
        return array;
    }

    private static List<string> ReadTexts(EmbedInputs inputs, string nodeId)
    {
        if (inputs.Texts is not null && inputs.Items is not null)
            throw ActivityException.Validation($"Node '{nodeId}' has both 'texts' and 'items': give one.");
        var texts = new List<string>();
        if (inputs.Texts is not null)
        {
            if (inputs.Texts is JsonValue single && single.GetValueKind() == JsonValueKind.String)
            {
                texts.Add(single.GetValue<string>());
            }
            else if (inputs.Texts is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    texts.Add(array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        ? v.GetValue<string>()
                        : throw ActivityException.Validation($"Input 'texts[{i}]' of node '{nodeId}' must be a string, not {Kind(array[i])}."));
                }
            }
            else
            {
                throw ActivityException.Validation($"Input 'texts' of node '{nodeId}' must be a string or an array of strings, not {Kind(inputs.Texts)}.");
            }
        }
        else if (inputs.Items is not null)
        {
            if (inputs.Items is not JsonArray items)
                throw ActivityException.Validation($"Input 'items' of node '{nodeId}' must be an array, not {Kind(inputs.Items)}.");
            var field = inputs.TextField is { Length: > 0 } f ? f : "text";
            for (var i = 0; i < items.Count; i++)
            {
                var value = items[i] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? items[i] : Field(items[i], field);
                texts.Add(value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? v.GetValue<string>()
                    : throw ActivityException.Validation($"Item {i} of node '{nodeId}' has no text in '{field}' (found {Kind(value)})."));
            }
        }
        else
        {
            throw ActivityException.Validation($"Node '{nodeId}' needs 'texts' (a string or an array of strings) or 'items' with a 'textField'.");
        }
        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
                throw ActivityException.Validation($"Text {i} of node '{nodeId}' is empty: an empty text has no meaningful vector.");
        }
        return texts;
    }

    /// <summary>A dotted path into an item: <c>text</c>, <c>payload.body</c>.</summary>
    private static JsonNode? Field(JsonNode? item, string path)
    {
        var node = item;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null) return null;
        }
        return node;
    }

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
}

public sealed class EmbedInputs
{
    [Input(Type = ValueTypes.Any, UiHint = UiHints.Json, Description = "The texts: an array of strings or one string, e.g. \"{{ nodes.chunk.output.chunks.map(c => c.text) }}\".")]
    public JsonNode? Texts { get; set; }

    [Input(Type = ValueTypes.Array, UiHint = UiHints.Json, Description = "Objects to embed a field of (instead of 'texts'), e.g. \"{{ nodes.chunk.output.chunks }}\".")]
    public JsonNode? Items { get; set; }

    [Input(Description = "With 'items': the field holding the text (a dotted path). Default: text.")]
    public string? TextField { get; set; }

    [Input(Description = "The embedding model alias. Default: embeddings (the offline hashing embedder unless configured).")]
    public string Model { get; set; } = ModelCatalog.EmbeddingsAlias;

    [Input(Description = "Texts per call to the model. Default: 64.")]
    public int BatchSize { get; set; } = 64;
}
