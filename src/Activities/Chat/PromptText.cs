using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Activities.Chat;

/// <summary>Turns an evaluated input into the text a model reads: strings as they are, anything else as JSON.</summary>
internal static class PromptText
{
    public static string? Of(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
