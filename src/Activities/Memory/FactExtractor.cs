using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Memory;

/// <summary>Asks a chat model for the atomic facts worth remembering in a conversation, as JSON <c>{"facts": [...]}</c>.</summary>
internal static class FactExtractor
{
    public const string Instructions = """
        You extract facts for a long-term memory from a conversation.
        Keep what is durable and useful later about the user: preferences, plans, personal details, goals,
        decisions, relationships, constraints. Ignore small talk, questions, and what the assistant said
        unless the user confirmed it.
        Each fact is one short, self-contained statement in the language of the conversation, written so
        it makes sense without the conversation (e.g. "Prefers morning workouts", "Is allergic to peanuts").
        Answer with JSON only, exactly in this shape: {"facts": ["...", "..."]}.
        If nothing is worth remembering, answer {"facts": []}.
        """;

    public static async Task<IReadOnlyList<string>> ExtractAsync(IChatClient chat, IReadOnlyList<(string Role, string Content)> conversation, CancellationToken cancellationToken)
    {
        var transcript = new StringBuilder("Conversation:\n");
        foreach (var (role, content) in conversation) transcript.Append(role).Append(": ").Append(content).Append('\n');
        ChatMessage[] messages = [new(ChatRole.System, Instructions), new(ChatRole.User, transcript.ToString())];
        var options = new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.Json };
        var response = await chat.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return Parse(response.Text);
    }

    /// <summary>The facts in a model's answer; tolerates code fences and text around the JSON object.</summary>
    public static IReadOnlyList<string> Parse(string answer)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        JsonNode? json = null;
        if (start >= 0 && end > start)
        {
            try
            {
                json = JsonNode.Parse(answer[start..(end + 1)]);
            }
            catch (JsonException)
            {
                json = null;
            }
        }
        if (json?["facts"] is not JsonArray facts)
            throw new ActivityException(DataErrors.InvalidModelOutput, $"The model did not answer with {{\"facts\": [...]}}: {Shorten(answer)}", retryable: true);

        var result = new List<string>();
        foreach (var fact in facts)
        {
            if (fact is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim() is { Length: > 0 } text
                && !result.Contains(text, StringComparer.OrdinalIgnoreCase))
                result.Add(text);
        }
        return result;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
