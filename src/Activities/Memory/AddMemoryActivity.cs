using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Memory;

/// <summary>
/// <c>memory.add</c>: remembers a text or a conversation for a user, agent and/or run. Without
/// <c>infer</c> each text (each non-system message) is stored as is; with <c>infer</c> the chat model
/// extracts atomic facts and each is stored unless a memory in the same scope is at least
/// <c>dedupThreshold</c> similar. Memory ids derive from the node's idempotency key, so a retried node
/// rewrites the same memories.
/// </summary>
[Activity("memory.add", DisplayName = "Add memory", Category = "AI",
    Description = "Stores long-term memories for a user, agent or run; with infer, extracts facts with an LLM and skips near-duplicates.")]
[Output("results", ValueTypes.Array, Description = "[{id, text, event}]: event ADD, or NOOP for a text skipped as a duplicate of memory id (with matched and score).")]
[Output("added", ValueTypes.Integer)]
[Output("skipped", ValueTypes.Integer)]
public sealed class AddMemoryActivity : Activity<AddMemoryInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(AddMemoryInputs inputs, ActivityContext context)
    {
        var node = context.NodeId;
        var scope = MemoryInputs.Scope(inputs.UserId, inputs.AgentId, inputs.RunId, node);
        if (inputs.DedupThreshold is < -1 or > 1)
            throw ActivityException.Validation($"Input 'dedupThreshold' of node '{node}' is {inputs.DedupThreshold}; it must be between -1 and 1.");
        var conversation = Conversation(inputs, node);
        var store = context.Require<MemoryStore>("a memory store");
        var embedder = context.Require<IEmbeddingsProvider>("an embeddings provider").Get(inputs.EmbeddingModel);

        IReadOnlyList<string> texts;
        if (inputs.Infer)
        {
            var chat = context.Require<IChatProvider>("a chat model to extract facts (infer)").Get(inputs.Model);
            texts = await FactExtractor.ExtractAsync(chat, conversation, context.CancellationToken).ConfigureAwait(false);
        }
        else
        {
            texts = [.. conversation.Where(m => !m.Role.Equals("system", StringComparison.OrdinalIgnoreCase)).Select(m => m.Content)];
        }

        var options = new MemoryAddOptions { Deduplicate = inputs.Infer, DedupThreshold = inputs.DedupThreshold, RequestId = context.IdempotencyKey };
        var changes = texts.Count == 0 ? [] : await store.AddAsync(texts, scope, inputs.Metadata, embedder, options, context.CancellationToken).ConfigureAwait(false);

        var results = new JsonArray();
        foreach (var change in changes)
        {
            var entry = new JsonObject { ["id"] = change.Id, ["text"] = change.Text, ["event"] = MemoryHistory.Name(change.Event) };
            if (change.Event == MemoryEvent.Noop)
            {
                entry["matched"] = change.PreviousText;
                entry["score"] = change.Score is { } s ? Math.Round(s, 6) : null;
            }
            results.Add(entry);
        }
        return ActivityResult.Complete(new JsonObject
        {
            ["results"] = results,
            ["added"] = changes.Count(c => c.Event == MemoryEvent.Add),
            ["skipped"] = changes.Count(c => c.Event == MemoryEvent.Noop),
        });
    }

    private static List<(string Role, string Content)> Conversation(AddMemoryInputs inputs, string node)
    {
        var hasText = !string.IsNullOrWhiteSpace(inputs.Text);
        if (hasText == (inputs.Messages is not null))
            throw ActivityException.Validation($"Node '{node}' needs exactly one of the inputs 'text' and 'messages'.");
        if (hasText) return [("user", inputs.Text!.Trim())];

        var list = new List<(string, string)>();
        for (var i = 0; i < inputs.Messages!.Count; i++)
        {
            if (inputs.Messages[i] is not JsonObject message
                || message["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String
                || message["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String)
                throw ActivityException.Validation($"Input 'messages[{i}]' of node '{node}' must be {{\"role\": \"user\", \"content\": \"...\"}}.");
            if (!string.IsNullOrWhiteSpace(content.GetValue<string>())) list.Add((role.GetValue<string>(), content.GetValue<string>().Trim()));
        }
        if (list.Count == 0) throw ActivityException.Validation($"Input 'messages' of node '{node}' has no message with content.");
        return list;
    }
}

public sealed class AddMemoryInputs
{
    [Input(UiHint = UiHints.MultiLine, Description = "What to remember. Give this or messages.")]
    public string? Text { get; set; }

    [Input(Type = ValueTypes.Array, Description = "A conversation, [{role, content}]. Give this or text.")]
    public JsonArray? Messages { get; set; }

    [Input(Description = "Whose memory (at least one of userId, agentId, runId).")]
    public string? UserId { get; set; }

    [Input(Description = "The agent the memory belongs to.")]
    public string? AgentId { get; set; }

    [Input(Description = "The run (session) the memory belongs to.")]
    public string? RunId { get; set; }

    [Input(Type = ValueTypes.Object, Description = "Kept with each memory and returned by memory.search.")]
    public JsonObject? Metadata { get; set; }

    [Input(Description = "Extract atomic facts with the chat model and skip near-duplicates, instead of storing the text as is. Default: false.")]
    public bool Infer { get; set; }

    [Input(Description = "Chat model alias for infer. Default: router.")]
    public string Model { get; set; } = "router";

    [Input(Description = "Embeddings model alias. Default: embeddings.")]
    public string EmbeddingModel { get; set; } = "embeddings";

    [Input(Description = "With infer: a fact at least this similar (cosine) to a memory in the same scope is skipped. Default: 0.9.")]
    public double DedupThreshold { get; set; } = 0.9;
}
