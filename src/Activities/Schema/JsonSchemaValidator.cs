using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Weft.Activities.Schema;

/// <summary>
/// Validates JSON against the subset of JSON Schema that structured model outputs use (no JSON
/// Schema package restores on our machines): <c>type</c> (one or several; <c>"null"</c> for
/// nullable; OpenAPI's <c>nullable: true</c> too), <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>/<c>prefixItems</c>, <c>enum</c>, <c>const</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>, <c>minimum</c>/<c>maximum</c> and their exclusive
/// forms, <c>multipleOf</c>, <c>minItems</c>/<c>maxItems</c>/<c>uniqueItems</c>,
/// <c>minProperties</c>/<c>maxProperties</c>, <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>/<c>not</c>, and local
/// <c>$ref</c>s (<c>#/$defs/…</c>). Annotations (<c>description</c>, <c>format</c>, <c>title</c>…) are ignored.
/// Check the schema itself first with <see cref="JsonSchemaChecker"/>; malformed keywords are skipped here.
/// </summary>
public static class JsonSchemaValidator
{
    /// <summary>Nesting of schemas (through <c>$ref</c> too) beyond which validation stops, so a recursive schema cannot loop.</summary>
    public const int MaxDepth = 64;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Every error of <paramref name="instance"/> against <paramref name="schema"/>, in document order; empty when valid.</summary>
    public static IReadOnlyList<SchemaError> Validate(JsonNode? schema, JsonNode? instance)
    {
        var errors = new List<SchemaError>();
        new Run(schema).Check(schema, instance, JsonPath.Root, errors, 0);
        return errors;
    }

    public static bool IsValid(JsonNode? schema, JsonNode? instance) => Validate(schema, instance).Count == 0;

    private sealed class Run(JsonNode? root)
    {
        public void Check(JsonNode? schema, JsonNode? value, string path, List<SchemaError> errors, int depth)
        {
            if (depth > MaxDepth)
            {
                errors.Add(new SchemaError(path, $"the schema nests deeper than {MaxDepth} levels here (a recursive $ref?)"));
                return;
            }
            if (JsonValues.KindOf(schema) == JsonValueKind.False)
            {
                errors.Add(new SchemaError(path, "is not allowed here"));
                return;
            }
            if (schema is not JsonObject s) return;

            if (JsonValues.AsString(s["$ref"]) is { } reference && JsonSchemaChecker.Resolve(root, reference) is { } target)
                Check(target, value, path, errors, depth + 1);

            if (!CheckType(s, value, path, errors)) return; // further keywords would only restate the type error

            if (s["enum"] is JsonArray options && !options.Any(o => JsonValues.DeepEquals(o, value)))
                errors.Add(new SchemaError(path, $"must be one of {string.Join(", ", options.Select(JsonValues.Describe))}, not {JsonValues.Describe(value)}"));
            if (s.TryGetPropertyValue("const", out var constant) && !JsonValues.DeepEquals(constant, value))
                errors.Add(new SchemaError(path, $"must be {JsonValues.Describe(constant)}, not {JsonValues.Describe(value)}"));

            switch (JsonValues.KindOf(value))
            {
                case JsonValueKind.String: CheckString(s, value!.GetValue<string>(), path, errors); break;
                case JsonValueKind.Number: CheckNumber(s, value, path, errors); break;
                case JsonValueKind.Array: CheckArray(s, value!.AsArray(), path, errors, depth); break;
                case JsonValueKind.Object: CheckObject(s, value!.AsObject(), path, errors, depth); break;
            }
            CheckCombinators(s, value, path, errors, depth);
        }

        private static bool CheckType(JsonObject s, JsonNode? value, string path, List<SchemaError> errors)
        {
            var types = s["type"] switch
            {
                JsonArray list => list.Select(JsonValues.AsString).OfType<string>().ToList(),
                JsonNode single when JsonValues.AsString(single) is { } name => [name],
                _ => null,
            };
            if (types is null) return true;
            if (JsonValues.KindOf(s["nullable"]) == JsonValueKind.True) types.Add("null");
            var actual = JsonValues.TypeName(value);
            if (types.Contains(actual) || (actual == "integer" && types.Contains("number"))) return true;
            errors.Add(new SchemaError(path, $"must be {string.Join(" or ", types)}, not {actual}") { IsTypeMismatch = true });
            return false;
        }

        private static void CheckString(JsonObject s, string text, string path, List<SchemaError> errors)
        {
            // JSON Schema counts characters as code points, so an emoji is one.
            var length = text.EnumerateRunes().Count();
            if (Integer(s["minLength"]) is { } min && length < min)
                errors.Add(new SchemaError(path, $"must be at least {min} characters long, not {length}"));
            if (Integer(s["maxLength"]) is { } max && length > max)
                errors.Add(new SchemaError(path, $"must be at most {max} characters long, not {length}"));
            if (JsonValues.AsString(s["pattern"]) is { } pattern)
            {
                try
                {
                    if (!Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout))
                        errors.Add(new SchemaError(path, $"must match the pattern {pattern}"));
                }
                catch (RegexMatchTimeoutException)
                {
                    errors.Add(new SchemaError(path, $"took too long to match the pattern {pattern}"));
                }
                catch (ArgumentException)
                {
                    // A malformed pattern is the checker's to report.
                }
            }
        }

        private static void CheckNumber(JsonObject s, JsonNode? value, string path, List<SchemaError> errors)
        {
            JsonValues.TryGetNumber(value, out var number, out _);
            var shown = value!.ToJsonString();
            if (Number(s["minimum"]) is { } minimum && number < minimum)
                errors.Add(new SchemaError(path, $"must be at least {Show(minimum)}, not {shown}"));
            if (Number(s["maximum"]) is { } maximum && number > maximum)
                errors.Add(new SchemaError(path, $"must be at most {Show(maximum)}, not {shown}"));
            if (Number(s["exclusiveMinimum"]) is { } exclusiveMinimum && number <= exclusiveMinimum)
                errors.Add(new SchemaError(path, $"must be greater than {Show(exclusiveMinimum)}, not {shown}"));
            if (Number(s["exclusiveMaximum"]) is { } exclusiveMaximum && number >= exclusiveMaximum)
                errors.Add(new SchemaError(path, $"must be less than {Show(exclusiveMaximum)}, not {shown}"));
            if (Number(s["multipleOf"]) is { } multipleOf && multipleOf > 0 && number % multipleOf != 0)
                errors.Add(new SchemaError(path, $"must be a multiple of {Show(multipleOf)}, not {shown}"));
        }

        private void CheckArray(JsonObject s, JsonArray array, string path, List<SchemaError> errors, int depth)
        {
            if (Integer(s["minItems"]) is { } min && array.Count < min)
                errors.Add(new SchemaError(path, $"must have at least {min} items, not {array.Count}"));
            if (Integer(s["maxItems"]) is { } max && array.Count > max)
                errors.Add(new SchemaError(path, $"must have at most {max} items, not {array.Count}"));
            if (JsonValues.KindOf(s["uniqueItems"]) == JsonValueKind.True)
            {
                for (var i = 1; i < array.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (JsonValues.DeepEquals(array[i], array[j]))
                        {
                            errors.Add(new SchemaError(JsonPath.Index(path, i), $"repeats item {j}; items must be unique"));
                            break;
                        }
                    }
                }
            }
            // prefixItems (or draft-4 array-form items) describe the first items; items the rest.
            var prefix = s["prefixItems"] as JsonArray ?? s["items"] as JsonArray;
            var prefixCount = prefix?.Count ?? 0;
            for (var i = 0; i < array.Count && i < prefixCount; i++)
                Check(prefix![i], array[i], JsonPath.Index(path, i), errors, depth + 1);
            var rest = s["prefixItems"] is JsonArray ? s["items"] : s["items"] is JsonArray ? s["additionalItems"] : s["items"];
            if (rest is JsonObject or JsonValue)
            {
                for (var i = prefixCount; i < array.Count; i++)
                    Check(rest, array[i], JsonPath.Index(path, i), errors, depth + 1);
            }
        }

        private void CheckObject(JsonObject s, JsonObject value, string path, List<SchemaError> errors, int depth)
        {
            if (s["required"] is JsonArray required)
            {
                foreach (var name in required.Select(JsonValues.AsString).OfType<string>())
                {
                    if (!value.ContainsKey(name)) errors.Add(new SchemaError(JsonPath.Property(path, name), "is required"));
                }
            }
            if (Integer(s["minProperties"]) is { } min && value.Count < min)
                errors.Add(new SchemaError(path, $"must have at least {min} properties, not {value.Count}"));
            if (Integer(s["maxProperties"]) is { } max && value.Count > max)
                errors.Add(new SchemaError(path, $"must have at most {max} properties, not {value.Count}"));

            var properties = s["properties"] as JsonObject;
            var additional = s["additionalProperties"];
            foreach (var (name, property) in value)
            {
                var propertyPath = JsonPath.Property(path, name);
                if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
                    Check(propertySchema, property, propertyPath, errors, depth + 1);
                else if (JsonValues.KindOf(additional) == JsonValueKind.False)
                    errors.Add(new SchemaError(propertyPath, properties is { Count: > 0 }
                        ? $"is not allowed (allowed properties: {string.Join(", ", properties.Select(p => p.Key))})"
                        : "is not allowed (no properties are)"));
                else if (additional is JsonObject)
                    Check(additional, property, propertyPath, errors, depth + 1);
            }
        }

        private void CheckCombinators(JsonObject s, JsonNode? value, string path, List<SchemaError> errors, int depth)
        {
            if (s["allOf"] is JsonArray allOf)
            {
                foreach (var branch in allOf) Check(branch, value, path, errors, depth + 1);
            }
            if (s["anyOf"] is JsonArray anyOf)
            {
                var results = Branches(anyOf, value, path, depth);
                if (!results.Any(r => r.Count == 0))
                    errors.Add(new SchemaError(path, $"must match at least one of the anyOf alternatives ({Closest(results, path)})"));
            }
            if (s["oneOf"] is JsonArray oneOf)
            {
                var results = Branches(oneOf, value, path, depth);
                var matches = results.Count(r => r.Count == 0);
                if (matches == 0)
                    errors.Add(new SchemaError(path, $"must match exactly one of the oneOf alternatives, and matches none ({Closest(results, path)})"));
                else if (matches > 1)
                    errors.Add(new SchemaError(path, $"must match exactly one of the oneOf alternatives, and matches {matches}"));
            }
            if (s.TryGetPropertyValue("not", out var not) && not is not null)
            {
                var notErrors = new List<SchemaError>();
                Check(not, value, path, notErrors, depth + 1);
                if (notErrors.Count == 0) errors.Add(new SchemaError(path, "must not match the 'not' schema"));
            }
        }

        private List<List<SchemaError>> Branches(JsonArray branches, JsonNode? value, string path, int depth) =>
            [.. branches.Select(branch =>
            {
                var branchErrors = new List<SchemaError>();
                Check(branch, value, path, branchErrors, depth + 1);
                return branchErrors;
            })];

        /// <summary>
        /// The errors of the alternative that came closest, so the message says what to fix: one whose
        /// type fits beats one whose type does not, then the fewest errors.
        /// </summary>
        private static string Closest(List<List<SchemaError>> results, string path)
        {
            if (results.Count == 0) return "there are none";
            var best = results.Select((r, i) => (Errors: r, Index: i))
                .MinBy(r => (r.Errors.Any(e => e.IsTypeMismatch && e.Path == path) ? 1 : 0, r.Errors.Count));
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"closest is alternative {best.Index}: "));
            text.AppendJoin("; ", best.Errors.Take(3));
            if (best.Errors.Count > 3) text.Append(CultureInfo.InvariantCulture, $"; and {best.Errors.Count - 3} more");
            return text.ToString();
        }

        private static decimal? Number(JsonNode? node) =>
            JsonValues.TryGetNumber(node, out var number, out _) ? number : null;

        private static long? Integer(JsonNode? node) =>
            JsonValues.IsInteger(node) && JsonValues.TryGetNumber(node, out var number, out _) && number >= 0 ? (long)Math.Min(number, long.MaxValue) : null;

        private static string Show(decimal number) => number.ToString(CultureInfo.InvariantCulture);
    }
}
