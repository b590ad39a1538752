using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Vectors;

/// <summary>
/// <c>vector.upsert</c>: embeds texts (explicit items, or text.chunk's chunks) and upserts them into a
/// collection, creating it with the embeddings' dimension. Every text is embedded before anything is
/// written, and the points go to the store in one upsert (all or nothing; see <see cref="IVectorStore"/>).
/// Ids default to <c>&lt;idPrefix&gt;:&lt;index&gt;</c>, so a re-run after a crash overwrites instead of duplicating.
/// </summary>
[Activity("vector.upsert", DisplayName = "Upsert vectors", Category = "AI",
    Description = "Embeds texts (items or text.chunk's chunks) and upserts them with their metadata into a vector collection.")]
[Output("collection", ValueTypes.String)]
[Output("upserted", ValueTypes.Integer, Description = "Points written.")]
[Output("dimensions", ValueTypes.Integer, Description = "The embeddings' dimension (the collection's).")]
public sealed class UpsertVectorsActivity : Activity<UpsertVectorsInputs>
{
    /// <summary>The payload key that holds a point's text.</summary>
    public const string TextKey = "text";

    protected override async ValueTask<ActivityResult> ExecuteAsync(UpsertVectorsInputs inputs, ActivityContext context)
    {
        VectorChecks.CollectionName(inputs.Collection);
        if (inputs.BatchSize is < 1 or > 2048)
            throw ActivityException.Validation($"Input 'batchSize' of node '{context.NodeId}' is {inputs.BatchSize}; it must be between 1 and 2048.");
        var items = Items(inputs, context);

        var generator = context.Require<IEmbeddingsProvider>("an embeddings provider").Get(inputs.Model);
        var store = context.Require<IVectorStoreProvider>("vector stores").Get(inputs.Store);
        var vectors = await EmbeddingBatches.EmbedAsync(generator, [.. items.Select(i => i.Text)], inputs.BatchSize, context, context.CancellationToken).ConfigureAwait(false);
        var dimension = vectors[0].Length;
        await store.EnsureCollectionAsync(inputs.Collection, dimension, context.CancellationToken).ConfigureAwait(false);
        var points = items.Select((item, i) => new VectorPoint(item.Id, vectors[i], item.Payload)).ToArray();
        await store.UpsertAsync(inputs.Collection, points, context.CancellationToken).ConfigureAwait(false);

        return ActivityResult.Complete(new JsonObject
        {
            ["collection"] = inputs.Collection,
            ["upserted"] = points.Length,
            ["dimensions"] = dimension,
        });
    }

    private static List<(string Id, string Text, JsonObject Payload)> Items(UpsertVectorsInputs inputs, ActivityContext context)
    {
        var node = context.NodeId;
        if ((inputs.Items is null) == (inputs.Chunks is null))
            throw ActivityException.Validation($"Node '{node}' needs exactly one of the inputs 'items' and 'chunks'.");
        var prefix = string.IsNullOrEmpty(inputs.IdPrefix) ? context.IdempotencyKey : inputs.IdPrefix;
        var source = inputs.Items ?? inputs.Chunks!;
        var name = inputs.Items is null ? "chunks" : "items";
        if (source.Count == 0) throw ActivityException.Validation($"Input '{name}' of node '{node}' is empty: there is nothing to upsert.");

        var result = new List<(string, string, JsonObject)>(source.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < source.Count; i++)
        {
            var path = $"{name}[{i}]";
            if (source[i] is not JsonObject entry) throw ActivityException.Validation($"Input '{path}' of node '{node}' must be an object with 'text'.");
            if (entry["text"] is not JsonValue textValue || textValue.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(textValue.GetValue<string>()))
                throw ActivityException.Validation($"Input '{path}.text' of node '{node}' must be a non-empty string.");

            var payload = new JsonObject();
            Merge(payload, inputs.Metadata, "metadata", node);
            string id;
            if (inputs.Items is not null)
            {
                id = entry["id"] switch
                {
                    null => $"{prefix}:{i}",
                    JsonValue v when v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number => v.ToString(),
                    _ => throw ActivityException.Validation($"Input '{path}.id' of node '{node}' must be a string or a number."),
                };
                if (entry["metadata"] is { } metadata and not JsonObject)
                    throw ActivityException.Validation($"Input '{path}.metadata' of node '{node}' must be an object.");
                Merge(payload, entry["metadata"] as JsonObject, $"{path}.metadata", node);
            }
            else
            {
                var index = entry["index"] is JsonValue n && n.TryGetValue<int>(out var k) ? k : i;
                id = $"{prefix}:{index}";
                payload["chunkIndex"] = index;
                if (entry["start"] is { } start) payload["start"] = start.DeepClone();
                if (entry["end"] is { } end) payload["end"] = end.DeepClone();
            }
            if (string.IsNullOrEmpty(id)) throw ActivityException.Validation($"Input '{path}.id' of node '{node}' is empty.");
            if (!seen.Add(id)) throw ActivityException.Validation($"Id '{id}' appears twice in input '{name}' of node '{node}'; ids must be unique.");
            payload[TextKey] = textValue.GetValue<string>();
            result.Add((id, textValue.GetValue<string>(), payload));
        }
        return result;
    }

    private static void Merge(JsonObject payload, JsonObject? metadata, string path, string node)
    {
        if (metadata is null) return;
        foreach (var (key, value) in metadata)
        {
            if (key is TextKey or QdrantVectorStore.OriginalIdKey)
                throw ActivityException.Validation($"Input '{path}' of node '{node}' uses the key '{key}', which is reserved for the point's {(key == TextKey ? "text" : "id")}.");
            payload[key] = value?.DeepClone();
        }
    }
}

public sealed class UpsertVectorsInputs
{
    [Input(Required = true, Description = "The collection; created with the embeddings' dimension when missing.")]
    public string Collection { get; set; } = "";

    [Input(Type = ValueTypes.Array, Description = "[{id?, text, metadata?}]. Give this or chunks.")]
    public JsonArray? Items { get; set; }

    [Input(Type = ValueTypes.Array, Description = "text.chunk's chunks, e.g. {{ nodes.chunk.output.chunks }}. Give this or items.")]
    public JsonArray? Chunks { get; set; }

    [Input(Description = "Ids are '<idPrefix>:<index>' where items have none; use the document's id so re-ingesting overwrites. Default: the node's idempotency key (stable across retries of this run).")]
    public string? IdPrefix { get; set; }

    [Input(Type = ValueTypes.Object, Description = "Payload fields added to every point (e.g. documentId, title); filterable in vector.search.")]
    public JsonObject? Metadata { get; set; }

    [Input(Description = "Embeddings model alias. Default: embeddings.")]
    public string Model { get; set; } = "embeddings";

    [Input(Options = ["embedded", "qdrant"], Description = "Vector store. Default: embedded.")]
    public string Store { get; set; } = "embedded";

    [Input(Description = "Texts per embeddings request. Default: 64.")]
    public int BatchSize { get; set; } = 64;
}
