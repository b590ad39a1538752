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

    /// <summary>
    /// Converts in two passes so that nothing is allocated for a result that is too big: first
    /// the value is measured against the step budget (1 per node) and depth limit, then built.
    /// A JSON subtree from the scope is charged 1 the first time it appears in the result (copying
    /// data that is already in memory is not a runaway) and by its size each further time (an
    /// expression like <c>range.map(x =&gt; input)</c> would otherwise multiply it).
    /// </summary>
    internal static JsonNode? ToJson(EvalContext context, object? value, int position, int depth)
    {
        switch (value)
        {
            case null: return null;
            case bool b: return JsonValue.Create(b);
            case double d: return NumberNode(d);
            case string s: return JsonValue.Create(s);
        }
        HashSet<JsonNode>? seen = null;
        Measure(context, value, position, depth, ref seen);
        return Build(value);
    }

    private static void Measure(EvalContext context, object? value, int position, int depth, ref HashSet<JsonNode>? seen)
    {
        context.Charge(1, position);
        switch (value)
        {
            case null or bool or double or string or JsonValue:
                return;
            case Lambda:
                throw context.Error(position, "A function cannot be used as a value");
            case JsonObject or JsonArray:
                var node = (JsonNode)value;
                seen ??= new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
                if (!seen.Add(node)) ChargeNodes(context, node, position);
                return;
        }
        context.CheckDepth(depth + 1, position);
        if (value is ArrayValue array)
        {
            foreach (var item in array.Items) Measure(context, item, position, depth + 1, ref seen);
            return;
        }
        foreach (var (_, item) in Members.Properties(value) ?? []) Measure(context, item, position, depth + 1, ref seen);
    }

    /// <summary>Charges one step per node of a JSON subtree (iteratively: scope data may be deep).</summary>
    private static void ChargeNodes(EvalContext context, JsonNode root, int position)
    {
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            context.Charge(1, position);
            if (node is JsonObject obj)
            {
                foreach (var (_, child) in obj)
                    if (child is not null) pending.Push(child);
            }
            else if (node is JsonArray arr)
            {
                foreach (var child in arr)
                    if (child is not null) pending.Push(child);
            }
        }
    }

    private static JsonNode? Build(object? value)
    {
        switch (value)
        {
            case null: return null;
            case bool b: return JsonValue.Create(b);
            case double d: return NumberNode(d);
            case string s: return JsonValue.Create(s);
            case JsonNode node: return node.DeepClone();
            case ArrayValue built:
            {
                var array = new JsonArray();
                foreach (var item in built.Items) array.Add(Build(item));
                return array;
            }
            default:
            {
                var obj = new JsonObject();
                foreach (var (key, item) in Members.Properties(value) ?? [])
                    if (item is not Lambda) obj[key] = Build(item);
                return obj;
            }
        }
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
