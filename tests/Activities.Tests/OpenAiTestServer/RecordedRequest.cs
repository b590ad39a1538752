using System.Text.Json.Nodes;

namespace Weft.Activities.Tests.OpenAiTestServer;

/// <summary>What the OpenAI SDK sent, as the server received it.</summary>
public sealed record RecordedRequest(string Path, JsonObject Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt)
{
    public string? Model => Body["model"]?.GetValue<string>();

    public bool Stream => Body["stream"]?.GetValue<bool>() == true;

    public JsonArray Messages => Body["messages"] as JsonArray ?? [];

    /// <summary>The text of every message, in order, as (role, content).</summary>
    public IReadOnlyList<(string Role, string Content)> Conversation =>
        [.. Messages.OfType<JsonObject>().Select(m => (m["role"]?.GetValue<string>() ?? "", ContentOf(m["content"])))];

    public string LastUserMessage => Conversation.LastOrDefault(m => m.Role == "user").Content ?? "";

    /// <summary>Embedding requests: the input texts.</summary>
    public IReadOnlyList<string> Inputs => Body["input"] switch
    {
        JsonArray array => [.. array.Select(i => i!.GetValue<string>())],
        JsonValue single => [single.GetValue<string>()],
        _ => [],
    };

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue text => text.GetValue<string>(),
        JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(p => p["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
