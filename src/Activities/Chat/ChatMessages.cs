using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>Builds the conversation of a chat node: system, then the history (<c>messages</c>), then the user turn.</summary>
internal static class ChatMessages
{
    public static List<ChatMessage> Build(string? system, JsonNode? history, string? user, string nodeId)
    {
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(system)) messages.Add(new ChatMessage(ChatRole.System, system));
        if (history is not null)
        {
            if (history is not JsonArray items)
                throw ActivityException.Validation($"Input 'messages' of node '{nodeId}' must be an array of {{ role, content }}.");
            for (var i = 0; i < items.Count; i++) messages.Add(FromJson(items[i], i, nodeId));
        }
        if (!string.IsNullOrWhiteSpace(user)) messages.Add(new ChatMessage(ChatRole.User, user));
        if (!messages.Any(m => m.Role != ChatRole.System))
            throw ActivityException.Validation($"Node '{nodeId}' has nothing to send the model: set 'user', 'messages' or a prompt file with a 'user' template.");
        return messages;
    }

    private static ChatMessage FromJson(JsonNode? item, int index, string nodeId)
    {
        if (item is not JsonObject message)
            throw ActivityException.Validation($"Input 'messages[{index}]' of node '{nodeId}' must be an object {{ role, content }}.");
        var role = PromptText.Of(message["role"])?.Trim().ToLowerInvariant();
        var chatRole = role switch
        {
            "system" or "developer" => ChatRole.System,
            "user" or "human" => ChatRole.User,
            "assistant" or "ai" or "bot" => ChatRole.Assistant,
            _ => throw ActivityException.Validation($"Input 'messages[{index}].role' of node '{nodeId}' must be system, user or assistant, not '{role}'."),
        };
        var content = PromptText.Of(message["content"])
            ?? throw ActivityException.Validation($"Input 'messages[{index}].content' of node '{nodeId}' is missing.");
        return new ChatMessage(chatRole, content);
    }
}
