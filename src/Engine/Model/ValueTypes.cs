using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Model;

/// <summary>The value types that inputs, variables and activity inputs declare.</summary>
public static class ValueTypes
{
    public const string Any = "any";
    public const string String = "string";
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string Object = "object";
    public const string Array = "array";

    public static readonly IReadOnlyList<string> All = [Any, String, Number, Integer, Boolean, Object, Array];

    /// <summary>Whether <paramref name="value"/> fits <paramref name="type"/>; null fits every type.</summary>
    public static bool Accepts(string type, JsonNode? value)
    {
        if (value is null || type == Any) return true;
        var kind = value.GetValueKind();
        return type switch
        {
            String => kind == JsonValueKind.String,
            Number => kind == JsonValueKind.Number,
            // Read the number from its JSON text: TryGetValue<double> fails on a JsonValue built from an int or long in code.
            Integer => kind == JsonValueKind.Number && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d,
            Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            Object => kind == JsonValueKind.Object,
            Array => kind == JsonValueKind.Array,
            _ => false,
        };
    }
}
