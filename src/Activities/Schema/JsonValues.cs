using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Activities.Schema;

/// <summary>JSON value helpers that work whether a node was parsed or built from CLR values.</summary>
internal static class JsonValues
{
    public static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The value of a JSON number, exactly when it fits a decimal.</summary>
    public static bool TryGetNumber(JsonNode? node, out decimal exact, out double approximate)
    {
        exact = 0;
        approximate = 0;
        if (KindOf(node) != JsonValueKind.Number) return false;
        var text = node!.ToJsonString();
        approximate = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out exact)) exact = (decimal)Math.Clamp(approximate, (double)decimal.MinValue, (double)decimal.MaxValue);
        return true;
    }

    /// <summary>Integers in the JSON Schema sense: numbers with no fractional part (so 1.0 counts).</summary>
    public static bool IsInteger(JsonNode? node) =>
        TryGetNumber(node, out var exact, out var approximate) && (Math.Abs(approximate) < 1e28 ? decimal.Truncate(exact) == exact : Math.Floor(approximate) == approximate);

    public static string? AsString(JsonNode? node) =>
        KindOf(node) == JsonValueKind.String ? node!.GetValue<string>() : null;

    /// <summary>JSON equality: numbers by value (1 equals 1.0), objects regardless of key order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        var normalisedA = kind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : kind;
        var kindB = KindOf(b);
        var normalisedB = kindB is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : kindB;
        if (normalisedA != normalisedB) return false;
        switch (kind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                return kind == kindB;
            case JsonValueKind.Number:
                TryGetNumber(a, out var x, out var dx);
                TryGetNumber(b, out var y, out var dy);
                return x == y && dx.Equals(dy);
            case JsonValueKind.String:
                return string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                var left = a!.AsArray();
                var right = b!.AsArray();
                if (left.Count != right.Count) return false;
                for (var i = 0; i < left.Count; i++)
                {
                    if (!DeepEquals(left[i], right[i])) return false;
                }
                return true;
            case JsonValueKind.Object:
                var l = a!.AsObject();
                var r = b!.AsObject();
                if (l.Count != r.Count) return false;
                foreach (var (key, value) in l)
                {
                    if (!r.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>A short rendering of a value for messages.</summary>
    public static string Describe(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 60 ? text : text[..57] + "…";
    }

    public static string TypeName(JsonNode? node) => KindOf(node) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
