using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Expressions;

/// <summary>
/// The engine's value model. A value is one of: null (JavaScript's null and undefined), bool,
/// double, string, <see cref="JsonObject"/> or <see cref="JsonArray"/> (read in place, never
/// changed), <see cref="IExpressionObject"/>, <see cref="ArrayValue"/> or <see cref="ObjectValue"/>
/// (built by the expression), or a <see cref="Lambda"/> (only as a call argument).
/// A <see cref="JsonValue"/> never appears: it is unwrapped to its primitive when read.
/// </summary>
internal static class Values
{
    public static readonly object True = true;
    public static readonly object False = false;

    /// <summary>What a short-circuited optional chain evaluates to until the chain's end turns it into null.</summary>
    public static readonly object ChainBreak = new();

    private const int SmallIntegerLimit = 1024;
    private static readonly object[] SmallIntegers = CreateSmallIntegers();

    private static object[] CreateSmallIntegers()
    {
        var boxes = new object[(2 * SmallIntegerLimit) + 1];
        for (var i = 0; i < boxes.Length; i++) boxes[i] = (double)(i - SmallIntegerLimit);
        return boxes;
    }

    private static readonly string[] AsciiStrings = [.. Enumerable.Range(0, 128).Select(i => ((char)i).ToString())];

    /// <summary>A one-char string; ASCII ones are shared (split('') and indexing make many).</summary>
    public static string CharString(char c) => c < 128 ? AsciiStrings[c] : c.ToString();

    public static object Box(bool value) => value ? True : False;

    /// <summary>Boxes a number, reusing one box for each small integer (counts, indexes, flags) to spare allocations.</summary>
    public static object Box(double value)
    {
        if (value is >= -SmallIntegerLimit and <= SmallIntegerLimit)
        {
            var integer = (int)value;
            if (integer == value && !(value == 0 && double.IsNegative(value))) return SmallIntegers[integer + SmallIntegerLimit];
        }
        return value;
    }

    public static object Box(int value) =>
        value is >= -SmallIntegerLimit and <= SmallIntegerLimit ? SmallIntegers[value + SmallIntegerLimit] : (double)value;

    /// <summary>A value handed out by a scope or an <see cref="IExpressionObject"/>, in the engine's model.</summary>
    public static object? FromScope(object? value) => value switch
    {
        null or string or bool or JsonObject or JsonArray or IExpressionObject or ArrayValue or ObjectValue => value,
        double d => value,
        JsonValue v => FromJsonValue(v),
        int i => Box(i),
        long l => Box(l),
        float f => Box(f),
        decimal m => Box((double)m),
        short or byte or sbyte or ushort or uint or ulong => Box(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        char c => CharString(c),
        JsonElement e => FromElement(e),
        _ => FromNode(JsonSerializer.SerializeToNode(value, value.GetType(), WeftJson.Options)),
    };

    public static object? FromNode(JsonNode? node) => node is JsonValue value ? FromJsonValue(value) : node;

    public static object? FromJsonValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                if (value.TryGetValue<string>(out var s)) return s;
                if (value.TryGetValue<JsonElement>(out var se)) return se.GetString();
                return JsonSerializer.Deserialize<string>(value.ToJsonString()); // char, DateTime, Guid… held as CLR values
            case JsonValueKind.Number:
                if (value.TryGetValue<double>(out var d)) return Box(d);
                if (value.TryGetValue<int>(out var i)) return Box(i);
                if (value.TryGetValue<long>(out var l)) return Box(l);
                if (value.TryGetValue<JsonElement>(out var ne)) return Box(ne.GetDouble());
                return Box(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValueKind.True: return True;
            case JsonValueKind.False: return False;
            case JsonValueKind.Null or JsonValueKind.Undefined: return null;
            default:
                return value.TryGetValue<JsonElement>(out var element) ? FromNode(JsonNode.Parse(element.GetRawText())) : null;
        }
    }

    private static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => Box(element.GetDouble()),
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        JsonValueKind.Object or JsonValueKind.Array => JsonNode.Parse(element.GetRawText()),
        _ => null,
    };

    public static bool IsArray(object? value) => value is JsonArray or ArrayValue;

    /// <summary>The elements of an array value, or null when <paramref name="value"/> is not an array.</summary>
    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        ArrayValue a => a,
        JsonArray j => new JsonArrayView(j),
        _ => null,
    };

    /// <summary>"a string", "an array"…: for messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "a boolean",
        double => "a number",
        string => "a string",
        JsonArray or ArrayValue => "an array",
        Lambda => "a function",
        _ => "an object",
    };

    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => !(d == 0 || double.IsNaN(d)),
        string s => s.Length > 0,
        JsonValue v => IsTruthy(FromJsonValue(v)),
        _ => true,
    };
}
