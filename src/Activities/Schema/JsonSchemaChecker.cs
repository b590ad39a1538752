using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Weft.Activities.Schema;

/// <summary>
/// Checks that a schema is one <see cref="JsonSchemaValidator"/> understands, before a model is asked
/// to follow it: known type names, keywords of the right kinds, patterns that compile, local
/// <c>$ref</c>s that resolve. Errors carry the path inside the schema (<c>$.properties.age.minimum</c>).
/// </summary>
public static class JsonSchemaChecker
{
    private static readonly HashSet<string> TypeNames = new(StringComparer.Ordinal) { "string", "number", "integer", "boolean", "object", "array", "null" };
    private static readonly string[] SchemaMaps = ["properties", "$defs", "definitions", "patternProperties"];
    private static readonly string[] SchemaLists = ["anyOf", "oneOf", "allOf", "prefixItems"];
    private static readonly string[] SingleSchemas = ["additionalProperties", "not", "additionalItems"];
    private static readonly string[] Counts = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];
    private static readonly string[] Bounds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

    /// <summary>Every problem of <paramref name="schema"/>; empty when it can be used.</summary>
    public static IReadOnlyList<SchemaError> Check(JsonNode? schema)
    {
        var errors = new List<SchemaError>();
        Walk(schema, schema, JsonPath.Root, errors, 0);
        return errors;
    }

    /// <summary>Resolves a local reference (<c>#</c>, <c>#/$defs/item</c>, JSON Pointer escapes included) in <paramref name="root"/>; null when it does not.</summary>
    public static JsonNode? Resolve(JsonNode? root, string reference)
    {
        if (reference == "#") return root;
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
        var node = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    private static void Walk(JsonNode? root, JsonNode? schema, string path, List<SchemaError> errors, int depth)
    {
        if (depth > JsonSchemaValidator.MaxDepth)
        {
            errors.Add(new SchemaError(path, $"nests deeper than {JsonSchemaValidator.MaxDepth} levels"));
            return;
        }
        var kind = JsonValues.KindOf(schema);
        if (kind is JsonValueKind.True or JsonValueKind.False) return;
        if (schema is not JsonObject s)
        {
            errors.Add(new SchemaError(path, $"a schema must be an object or a boolean, not {JsonValues.TypeName(schema)}"));
            return;
        }

        CheckType(s, path, errors);
        if (s.TryGetPropertyValue("$ref", out var reference))
        {
            if (JsonValues.AsString(reference) is not { } text)
                errors.Add(new SchemaError(JsonPath.Property(path, "$ref"), "must be a string"));
            else if (Resolve(root, text) is null)
                errors.Add(new SchemaError(JsonPath.Property(path, "$ref"), $"'{text}' does not resolve: only local references such as #/$defs/name are supported"));
        }
        if (s.TryGetPropertyValue("required", out var required)
            && (required is not JsonArray list || list.Any(r => JsonValues.AsString(r) is null)))
            errors.Add(new SchemaError(JsonPath.Property(path, "required"), "must be an array of property names"));
        if (s.TryGetPropertyValue("enum", out var options) && options is not JsonArray)
            errors.Add(new SchemaError(JsonPath.Property(path, "enum"), "must be an array of the allowed values"));
        if (s.TryGetPropertyValue("pattern", out var pattern)) CheckPattern(pattern, JsonPath.Property(path, "pattern"), errors);
        foreach (var name in Counts)
        {
            if (s.TryGetPropertyValue(name, out var count) && !(JsonValues.IsInteger(count) && JsonValues.TryGetNumber(count, out var n, out _) && n >= 0))
                errors.Add(new SchemaError(JsonPath.Property(path, name), "must be a non-negative integer"));
        }
        foreach (var name in Bounds)
        {
            if (s.TryGetPropertyValue(name, out var bound) && JsonValues.KindOf(bound) != JsonValueKind.Number)
                errors.Add(new SchemaError(JsonPath.Property(path, name), "must be a number"));
        }

        foreach (var name in SchemaMaps)
        {
            if (!s.TryGetPropertyValue(name, out var map)) continue;
            if (map is not JsonObject members)
            {
                errors.Add(new SchemaError(JsonPath.Property(path, name), "must be an object of schemas"));
                continue;
            }
            foreach (var (key, child) in members) Walk(root, child, JsonPath.Property(JsonPath.Property(path, name), key), errors, depth + 1);
        }
        foreach (var name in SchemaLists)
        {
            if (!s.TryGetPropertyValue(name, out var value)) continue;
            if (value is not JsonArray { Count: > 0 } branches)
            {
                errors.Add(new SchemaError(JsonPath.Property(path, name), "must be a non-empty array of schemas"));
                continue;
            }
            for (var i = 0; i < branches.Count; i++) Walk(root, branches[i], JsonPath.Index(JsonPath.Property(path, name), i), errors, depth + 1);
        }
        foreach (var name in SingleSchemas)
        {
            if (s.TryGetPropertyValue(name, out var child)) Walk(root, child, JsonPath.Property(path, name), errors, depth + 1);
        }
        if (s.TryGetPropertyValue("items", out var items))
        {
            if (items is JsonArray tuple)
            {
                for (var i = 0; i < tuple.Count; i++) Walk(root, tuple[i], JsonPath.Index(JsonPath.Property(path, "items"), i), errors, depth + 1);
            }
            else
            {
                Walk(root, items, JsonPath.Property(path, "items"), errors, depth + 1);
            }
        }
    }

    private static void CheckType(JsonObject s, string path, List<SchemaError> errors)
    {
        if (!s.TryGetPropertyValue("type", out var type)) return;
        var names = type switch
        {
            JsonArray list => list.Select(JsonValues.AsString).ToList(),
            _ => [JsonValues.AsString(type)],
        };
        if (names.Count == 0 || names.Any(n => n is null))
        {
            errors.Add(new SchemaError(JsonPath.Property(path, "type"), "must be a type name or an array of type names"));
            return;
        }
        foreach (var name in names.Where(n => !TypeNames.Contains(n!)))
            errors.Add(new SchemaError(JsonPath.Property(path, "type"), $"'{name}' is not a JSON Schema type (string, number, integer, boolean, object, array, null)"));
    }

    private static void CheckPattern(JsonNode? pattern, string path, List<SchemaError> errors)
    {
        if (JsonValues.AsString(pattern) is not { } text)
        {
            errors.Add(new SchemaError(path, "must be a regular expression string"));
            return;
        }
        try
        {
            _ = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            errors.Add(new SchemaError(path, $"is not a valid regular expression: {ex.Message}"));
        }
    }
}
