using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary><c>JSON.stringify(value, null, indent)</c> and <c>JSON.parse(text)</c>.</summary>
internal static class JsonFunctions
{
    public static IEnumerable<Builtin> All { get; } =
    [
        new("JSON.stringify", Stringify),
        new("JSON.parse", Parse),
    ];

    private static object? Stringify(EvalContext context, object? target, object?[] arguments, int position)
    {
        if (arguments.Length == 0) return null;
        if (Arguments.Has(arguments, 1)) throw context.Error(position, "JSON.stringify does not support a replacer; pass null as the second argument");
        var indent = Arguments.At(arguments, 2) switch
        {
            double d => new string(' ', (int)Math.Clamp(Conversions.ToInteger(d), 0, 10)),
            string s => s.Length > 10 ? s[..10] : s,
            _ => "",
        };
        return JsonText.Stringify(context, arguments[0], indent, position);
    }

    /// <summary>Parses JSON text; the result is read in place like scope data, and its size is checked against the limits.</summary>
    private static object? Parse(EvalContext context, object? target, object?[] arguments, int position)
    {
        var text = Arguments.String(context, arguments, 0, position);
        context.ChargeScan(text.Length, position);
        JsonElement element;
        try
        {
            // Parsed to an element first so that the size is checked before any node is built.
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = context.Limits.MaxDepth });
            element = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw context.Error(position, $"JSON.parse: {ex.Message}", ex);
        }
        CheckSize(context, element, position);
        return Values.FromNode(element.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(element),
            JsonValueKind.Array => JsonArray.Create(element),
            _ => JsonValue.Create(element),
        });
    }

    private static void CheckSize(EvalContext context, JsonElement element, int position)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                context.ReserveCollection(element.GetArrayLength(), position);
                foreach (var item in element.EnumerateArray()) CheckSize(context, item, position);
                break;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var property in element.EnumerateObject())
                {
                    count++;
                    CheckSize(context, property.Value, position);
                }
                context.ReserveCollection(count, position);
                break;
        }
    }
}
