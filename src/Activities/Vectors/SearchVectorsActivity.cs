using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Vectors;

/// <summary><c>vector.search</c>: the points most similar to a query text (embedded with the same model) or vector, filtered by payload.</summary>
[Activity("vector.search", DisplayName = "Search vectors", Category = "AI",
    Description = "Finds the points of a collection most similar (cosine) to a query text or vector, with payload filters, top-k and a score threshold.")]
[Output("matches", ValueTypes.Array, Description = "[{id, score, text, metadata}], best first.")]
public sealed class SearchVectorsActivity : Activity<SearchVectorsInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(SearchVectorsInputs inputs, ActivityContext context)
    {
        var node = context.NodeId;
        VectorChecks.CollectionName(inputs.Collection);
        if (inputs.TopK is < 1 or > 1000) throw ActivityException.Validation($"Input 'topK' of node '{node}' is {inputs.TopK}; it must be between 1 and 1000.");
        if (string.IsNullOrWhiteSpace(inputs.Query) == (inputs.Vector is null))
            throw ActivityException.Validation($"Node '{node}' needs exactly one of the inputs 'query' and 'vector'.");
        var filter = VectorFilter.Parse(inputs.Filter);
        var store = context.Require<IVectorStoreProvider>("vector stores").Get(inputs.Store);

        float[] vector;
        if (inputs.Vector is { } given)
        {
            vector = new float[given.Count];
            for (var i = 0; i < given.Count; i++)
            {
                if (given[i] is not JsonValue v || !VectorFilter.TryNumber(v, out var x))
                    throw ActivityException.Validation($"Input 'vector[{i}]' of node '{node}' must be a number.");
                vector[i] = (float)x;
            }
        }
        else
        {
            var generator = context.Require<IEmbeddingsProvider>("an embeddings provider").Get(inputs.Model);
            vector = (await EmbeddingBatches.EmbedAsync(generator, [inputs.Query!], 1, null, context.CancellationToken).ConfigureAwait(false))[0];
        }

        var found = await store.SearchAsync(inputs.Collection, vector, inputs.TopK, inputs.ScoreThreshold, filter, context.CancellationToken).ConfigureAwait(false);
        var matches = new JsonArray();
        foreach (var match in found)
        {
            var metadata = (JsonObject)match.Payload.DeepClone();
            var text = metadata[UpsertVectorsActivity.TextKey]?.DeepClone();
            metadata.Remove(UpsertVectorsActivity.TextKey);
            matches.Add(new JsonObject { ["id"] = match.Id, ["score"] = Math.Round(match.Score, 6), ["text"] = text, ["metadata"] = metadata });
        }
        return ActivityResult.Complete(new JsonObject { ["matches"] = matches });
    }
}

public sealed class SearchVectorsInputs
{
    [Input(Required = true, Description = "The collection to search.")]
    public string Collection { get; set; } = "";

    [Input(UiHint = UiHints.MultiLine, Description = "The text to search for; embedded with 'model'. Give this or vector.")]
    public string? Query { get; set; }

    [Input(Type = ValueTypes.Array, Description = "A query vector of the collection's dimension. Give this or query.")]
    public JsonArray? Vector { get; set; }

    [Input(Description = "Most matches returned. Default: 5.")]
    public int TopK { get; set; } = 5;

    [Input(Description = "Lowest cosine similarity returned, -1 to 1. Default: none.")]
    public double? ScoreThreshold { get; set; }

    [Input(Type = ValueTypes.Object, Description = "Qdrant-style payload filter: {must, should, must_not} with match.value, match.any, range; or {key: value} for equality.")]
    public JsonObject? Filter { get; set; }

    [Input(Description = "Embeddings model alias, the one the collection was built with. Default: embeddings.")]
    public string Model { get; set; } = "embeddings";

    [Input(Options = ["embedded", "qdrant"], Description = "Vector store. Default: embedded.")]
    public string Store { get; set; } = "embedded";
}
