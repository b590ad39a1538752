using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Activities.Schema;

namespace Weft.Activities.Chat;

/// <summary>
/// Reads a model's JSON reply and checks it against the node's schema. Lenient about wrapping that
/// models add (a <c>```json</c> fence, a sentence before the object) but strict about the value.
/// </summary>
public static class StructuredOutput
{
    /// <summary>The parsed value and the schema errors (empty when valid); an unparsable reply is one error at <c>$</c>.</summary>
    public static (JsonNode? Value, IReadOnlyList<SchemaError> Errors) Check(string text, JsonNode schema)
    {
        if (!TryParse(text, out var value, out var parseError))
            return (null, [new SchemaError("$", $"is not valid JSON ({parseError})")]);
        return (value, JsonSchemaValidator.Validate(schema, value));
    }

    /// <summary>Parses <paramref name="text"/> as JSON, unwrapping a code fence or surrounding prose.</summary>
    public static bool TryParse(string text, out JsonNode? value, out string error)
    {
        var candidate = Unfence(text.Trim());
        if (TryParseExact(candidate, out value, out error)) return true;
        // "Here is the JSON: {...}" — take the outermost object or array.
        var start = candidate.IndexOfAny(['{', '[']);
        if (start >= 0)
        {
            var end = candidate.LastIndexOf(candidate[start] == '{' ? '}' : ']');
            if (end > start && TryParseExact(candidate[start..(end + 1)], out value, out _)) return true;
        }
        value = null;
        return false;
    }

    /// <summary>The message of the repair round: what was wrong, and to answer with JSON only.</summary>
    public static string RepairPrompt(IReadOnlyList<SchemaError> errors)
    {
        var text = new StringBuilder("Your previous reply does not match the required JSON schema:\n");
        foreach (var error in errors.Take(20)) text.Append("- ").Append(error.Path).Append(": ").Append(error.Message).Append('\n');
        if (errors.Count > 20) text.Append("- … and ").Append(errors.Count - 20).Append(" more\n");
        text.Append("Reply again with only the corrected JSON value: no explanation, no code fence.");
        return text.ToString();
    }

    public static JsonArray ToJson(IReadOnlyList<SchemaError> errors) =>
        [.. errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message })];

    private static bool TryParseExact(string text, out JsonNode? value, out string error)
    {
        try
        {
            value = JsonNode.Parse(text);
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            value = null;
            error = text.Length == 0 ? "the reply is empty" : ex.Message;
            return false;
        }
    }

    private static string Unfence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal)) return text;
        var firstLineEnd = text.IndexOf('\n');
        if (firstLineEnd < 0) return text;
        var body = text[(firstLineEnd + 1)..];
        var close = body.LastIndexOf("```", StringComparison.Ordinal);
        return (close >= 0 ? body[..close] : body).Trim();
    }
}
