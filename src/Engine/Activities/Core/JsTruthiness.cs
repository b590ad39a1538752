using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Activities.Core;

/// <summary>JavaScript truthiness of a JSON value, the rule the expression language uses: false, 0, NaN, "" and null are false.</summary>
public static class JsTruthiness
{
    public static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.TryGetValue<double>(out var d) && d != 0 && !double.IsNaN(d),
            _ => true,
        },
        _ => true, // objects and arrays, even empty ones
    };
}
