using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// Helpers for values in the expression engine's model (what <see cref="CompiledExpression.EvaluateRaw"/>
/// returns and what scopes hand out).
/// </summary>
public static class ExpressionValues
{
    /// <summary>
    /// The value as a new, parentless JSON tree the caller may attach anywhere. Numbers become
    /// JSON numbers (integral ones written as integers; NaN and Infinity become null, as in
    /// JSON.stringify); JsonNodes are deep-cloned. Bounded by the default <see cref="ExpressionLimits"/>.
    /// </summary>
    public static JsonNode? ToJson(object? value) => ToJson(EvalContext.Detached(), Values.FromScope(value), 0, 0);

    /// <summary>JavaScript truthiness: false for null, false, 0, NaN and ""; true for everything else, empty arrays and objects included.</summary>
    public static bool IsTruthy(object? value) => Values.IsTruthy(value);

    internal static JsonNode? ToJson(EvalContext context, object? value, int position, int depth)
    {
        context.Charge(1, position);
        switch (value)
        {
            case null: return null;
            case bool b: return JsonValue.Create(b);
            case double d: return NumberNode(d);
            case string s: return JsonValue.Create(s);
            case JsonValue v: return v.DeepClone();
            case Lambda: throw context.Error(position, "A function cannot be used as a value");
        }
        context.CheckDepth(depth + 1, position);
        switch (value)
        {
            case JsonArray json:
            {
                var array = new JsonArray();
                foreach (var item in json)
                    array.Add(item is JsonValue v ? CloneValue(context, v, position) : ToJson(context, item, position, depth + 1));
                return array;
            }
            case ArrayValue built:
            {
                var array = new JsonArray();
                foreach (var item in built.Items) array.Add(ToJson(context, item, position, depth + 1));
                return array;
            }
            case JsonObject json:
            {
                var obj = new JsonObject();
                foreach (var (key, item) in json)
                    obj[key] = item is JsonValue v ? CloneValue(context, v, position) : ToJson(context, item, position, depth + 1);
                return obj;
            }
            default:
            {
                var obj = new JsonObject();
                foreach (var (key, item) in Members.Properties(value) ?? [])
                    if (item is not Lambda) obj[key] = ToJson(context, item, position, depth + 1);
                return obj;
            }
        }
    }

    /// <summary>A JSON primitive from the scope, copied as it is (its number text kept).</summary>
    private static JsonNode CloneValue(EvalContext context, JsonValue value, int position)
    {
        context.Charge(1, position);
        return value.DeepClone();
    }

    // Numbers are produced as JsonElement-backed values so that readers can GetValue<int>,
    // <long>, <double> or <decimal> alike (a JsonValue created from a double only answers to double).
    private const int CachedElementLimit = 1024;
    private static readonly JsonElement[] CachedElements = CreateCachedElements();

    private static JsonElement[] CreateCachedElements()
    {
        var elements = new JsonElement[(2 * CachedElementLimit) + 1];
        for (var i = 0; i < elements.Length; i++) elements[i] = ParseNumber(i - CachedElementLimit, integral: true);
        return elements;
    }

    internal static JsonNode? NumberNode(double value)
    {
        if (!double.IsFinite(value)) return null;
        var integral = value == Math.Floor(value);
        if (integral && value is >= -CachedElementLimit and <= CachedElementLimit)
        {
            return JsonValue.Create(CachedElements[(int)value + CachedElementLimit]);
        }
        return JsonValue.Create(ParseNumber(value, integral));
    }

    /// <summary>The number as a JsonElement, written as JavaScript writes it (3, 0.1, 1e+21) — which is valid JSON.</summary>
    private static JsonElement ParseNumber(double value, bool integral)
    {
        Span<byte> buffer = stackalloc byte[40];
        int written;
        if (integral && Math.Abs(value) < 1e15) ((long)value).TryFormat(buffer, out written, default, CultureInfo.InvariantCulture);
        else written = Encoding.ASCII.GetBytes(NumberFormatter.Format(value), buffer);
        var reader = new Utf8JsonReader(buffer[..written]);
        reader.Read();
        return JsonElement.ParseValue(ref reader);
    }
}
