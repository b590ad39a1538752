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
            double d => new string(' ', (int)Math.Clamp(d, 0, 10)),
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
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = context.Limits.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw context.Error(position, $"JSON.parse: {ex.Message}", ex);
        }
        CheckSize(context, node, position);
        return Values.FromNode(node);
    }

    private static void CheckSize(EvalContext context, JsonNode? node, int position)
    {
        switch (node)
        {
            case JsonArray array:
                context.ReserveCollection(array.Count, position);
                foreach (var item in array) CheckSize(context, item, position);
                break;
            case JsonObject obj:
                context.ReserveCollection(obj.Count, position);
                foreach (var (_, item) in obj) CheckSize(context, item, position);
                break;
        }
    }
}
