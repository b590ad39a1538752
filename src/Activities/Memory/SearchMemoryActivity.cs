using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Memory;

/// <summary><c>memory.search</c>: the memories of a user, agent and/or run most similar to a query.</summary>
[Activity("memory.search", DisplayName = "Search memory", Category = "AI",
    Description = "Finds the long-term memories of a user, agent or run most similar to a query.")]
[Output("memories", ValueTypes.Array, Description = "[{id, text, score, metadata, createdAt, updatedAt, userId, agentId, runId}], best first.")]
public sealed class SearchMemoryActivity : Activity<SearchMemoryInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(SearchMemoryInputs inputs, ActivityContext context)
    {
        var node = context.NodeId;
        if (string.IsNullOrWhiteSpace(inputs.Query)) throw ActivityException.Validation($"Input 'query' of node '{node}' is empty.");
        if (inputs.TopK is < 1 or > 1000) throw ActivityException.Validation($"Input 'topK' of node '{node}' is {inputs.TopK}; it must be between 1 and 1000.");
        var scope = MemoryInputs.Scope(inputs.UserId, inputs.AgentId, inputs.RunId, node);
        var store = context.Require<MemoryStore>("a memory store");
        var embedder = context.Require<IEmbeddingsProvider>("an embeddings provider").Get(inputs.EmbeddingModel);

        var hits = await store.SearchAsync(inputs.Query, scope, embedder, inputs.TopK, inputs.ScoreThreshold, context.CancellationToken).ConfigureAwait(false);
        var memories = new JsonArray();
        foreach (var hit in hits)
        {
            memories.Add(new JsonObject
            {
                ["id"] = hit.Id,
                ["text"] = hit.Text,
                ["score"] = Math.Round(hit.Score, 6),
                ["metadata"] = hit.Metadata?.DeepClone(),
                ["createdAt"] = hit.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["updatedAt"] = hit.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["userId"] = hit.Scope.UserId,
                ["agentId"] = hit.Scope.AgentId,
                ["runId"] = hit.Scope.RunId,
            });
        }
        return ActivityResult.Complete(new JsonObject { ["memories"] = memories });
    }
}

public sealed class SearchMemoryInputs
{
    [Input(Required = true, UiHint = UiHints.MultiLine, Description = "What to look for, e.g. the user's latest message.")]
    public string Query { get; set; } = "";

    [Input(Description = "Whose memories (at least one of userId, agentId, runId; every one given must match).")]
    public string? UserId { get; set; }

    [Input(Description = "The agent whose memories to search.")]
    public string? AgentId { get; set; }

    [Input(Description = "The run whose memories to search.")]
    public string? RunId { get; set; }

    [Input(Description = "Most memories returned. Default: 5.")]
    public int TopK { get; set; } = 5;

    [Input(Description = "Lowest cosine similarity returned. Default: none.")]
    public double? ScoreThreshold { get; set; }

    [Input(Description = "Embeddings model alias (the one memories were added with). Default: embeddings.")]
    public string EmbeddingModel { get; set; } = "embeddings";
}
