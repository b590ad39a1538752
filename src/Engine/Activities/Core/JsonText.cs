using System.Text.Json.Nodes;

namespace Weft.Engine.Activities.Core;

/// <summary>Text of a value for people: a JSON string as is, anything else as compact JSON, null as empty.</summary>
internal static class JsonText
{
    public static string Of(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
