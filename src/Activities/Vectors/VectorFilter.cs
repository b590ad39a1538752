using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Activities.Vectors;

/// <summary>
/// A payload filter in Qdrant's JSON shape, checked once and compiled for the embedded store:
/// <code>
/// { "must":     [ { "key": "lang", "match": { "value": "en" } } ],
///   "should":   [ { "key": "tag",  "match": { "any": ["a", "b"] } } ],
///   "must_not": [ { "key": "year", "range": { "lt": 2020 } } ] }
/// </code>
/// Conditions: <c>match.value</c> (equality), <c>match.any</c> (one of), <c>match.except</c> (none of),
/// <c>range</c> (<c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>), <c>is_empty</c>, <c>is_null</c>, and nested
/// filters. Keys may be dotted paths (<c>meta.lang</c>); an array value matches when any element does.
/// A shorthand <c>{ "lang": "en", "year": 2024 }</c> (no filter keywords) means equality on each key.
/// </summary>
public sealed class VectorFilter
{
    private static readonly HashSet<string> ClauseKeys = new(StringComparer.Ordinal) { "must", "should", "must_not" };

    private readonly JsonObject _json;
    private readonly Func<JsonObject, bool> _predicate;

    private VectorFilter(JsonObject json, Func<JsonObject, bool> predicate)
    {
        _json = json;
        _predicate = predicate;
    }

    /// <summary>The filter that matches every point.</summary>
    public static VectorFilter Everything { get; } = new([], _ => true);

    /// <summary>True when the filter has no conditions.</summary>
    public bool IsEmpty => _json.Count == 0;

    public bool Matches(JsonObject payload) => _predicate(payload);

    /// <summary>The filter in Qdrant's shape (the shorthand expanded), a fresh copy.</summary>
    public JsonObject ToJson() => (JsonObject)_json.DeepClone();

    public override string ToString() => _json.ToJsonString();

    /// <summary>Equality on every key of <paramref name="values"/> (null values are skipped).</summary>
    public static VectorFilter Equal(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var shorthand = new JsonObject();
        foreach (var (key, value) in values)
        {
            if (value is not null) shorthand[key] = value;
        }
        return Parse(shorthand);
    }

    /// <summary>Checks and compiles <paramref name="node"/>; null or <c>{}</c> matches everything. Bad shapes fail with a <c>ValidationError</c> naming the path.</summary>
    public static VectorFilter Parse(JsonNode? node, string path = "filter")
    {
        if (node is null) return Everything;
        if (node is not JsonObject obj) throw Invalid(path, "must be an object");
        if (obj.Count == 0) return Everything;
        if (!obj.Any(p => ClauseKeys.Contains(p.Key)))
        {
            // A bare condition is read as the filter's one 'must'; anything else is the equality shorthand.
            if (!obj.ContainsKey("key") && !obj.ContainsKey("is_empty") && !obj.ContainsKey("is_null")) return ParseShorthand(obj, path);
            obj = new JsonObject { ["must"] = new JsonArray(obj.DeepClone()) };
        }
        var (json, predicate) = ParseFilter(obj, path);
        return new VectorFilter(json, predicate);
    }

    private static VectorFilter ParseShorthand(JsonObject obj, string path)
    {
        var must = new JsonArray();
        foreach (var (key, value) in obj)
        {
            var match = value switch
            {
                JsonArray list => new JsonObject { ["any"] = list.DeepClone() },
                JsonValue scalar => new JsonObject { ["value"] = scalar.DeepClone() },
                _ => throw Invalid($"{path}.{key}", "must be a string, number, boolean or array of them for an equality filter"),
            };
            must.Add(new JsonObject { ["key"] = key, ["match"] = match });
        }
        var (json, predicate) = ParseFilter(new JsonObject { ["must"] = must }, path);
        return new VectorFilter(json, predicate);
    }

    private static (JsonObject Json, Func<JsonObject, bool> Predicate) ParseFilter(JsonObject obj, string path)
    {
        var json = new JsonObject();
        Func<JsonObject, bool>[] must = [], should = [], mustNot = [];
        foreach (var (key, value) in obj)
        {
            var clausePath = $"{path}.{key}";
            var conditions = value switch
            {
                JsonArray array => array.Select((c, i) => ParseCondition(c, $"{clausePath}[{i}]")).ToArray(),
                JsonObject single => [ParseCondition(single, clausePath)],
                null => [],
                _ => throw Invalid(clausePath, "must be a condition or an array of conditions"),
            };
            json[key] = new JsonArray([.. conditions.Select(c => (JsonNode)c.Json)]);
            var predicates = conditions.Select(c => c.Predicate).ToArray();
            switch (key)
            {
                case "must": must = predicates; break;
                case "should": should = predicates; break;
                case "must_not": mustNot = predicates; break;
                default: throw Invalid(clausePath, "is not supported; use must, should or must_not");
            }
        }

        return (json, payload =>
        {
            foreach (var p in must)
            {
                if (!p(payload)) return false;
            }
            foreach (var p in mustNot)
            {
                if (p(payload)) return false;
            }
            if (should.Length == 0) return true;
            foreach (var p in should)
            {
                if (p(payload)) return true;
            }
            return false;
        });
    }

    private static (JsonObject Json, Func<JsonObject, bool> Predicate) ParseCondition(JsonNode? node, string path)
    {
        if (node is not JsonObject obj) throw Invalid(path, "must be an object");
        if (obj.Any(p => ClauseKeys.Contains(p.Key))) return ParseFilter(obj, path);
        if (obj.TryGetPropertyValue("is_empty", out var empty)) return ParseKeyOnly(obj, "is_empty", empty, path, FieldIsEmpty);
        if (obj.TryGetPropertyValue("is_null", out var isNull)) return ParseKeyOnly(obj, "is_null", isNull, path, FieldIsNull);
        if (!obj.TryGetPropertyValue("key", out var keyNode) || keyNode is not JsonValue keyValue || keyValue.GetValueKind() != JsonValueKind.String)
            throw Invalid(path, "must have a string 'key' (or be is_empty, is_null or a nested filter)");
        var key = keyValue.GetValue<string>();
        var segments = KeyPath(key, path);
        var hasMatch = obj.TryGetPropertyValue("match", out var match);
        var hasRange = obj.TryGetPropertyValue("range", out var range);
        foreach (var (name, _) in obj)
        {
            if (name is not ("key" or "match" or "range")) throw Invalid($"{path}.{name}", "is not a supported condition; use match or range");
        }
        if (hasMatch == hasRange) throw Invalid(path, "needs exactly one of 'match' and 'range'");
        var json = new JsonObject { ["key"] = key };
        Func<JsonNode?, bool> test;
        if (hasMatch)
        {
            (json["match"], test) = ParseMatch(match, $"{path}.match");
        }
        else
        {
            (json["range"], test) = ParseRange(range, $"{path}.range");
        }
        return (json, payload => AnyValue(payload, segments, 0, test));
    }

    private static (JsonObject, Func<JsonObject, bool>) ParseKeyOnly(JsonObject obj, string name, JsonNode? body, string path, Func<JsonObject, string[], bool> test)
    {
        if (obj.Count != 1 || body is not JsonObject inner || inner["key"] is not JsonValue key || key.GetValueKind() != JsonValueKind.String)
            throw Invalid($"{path}.{name}", "must be { \"key\": \"...\" }");
        var text = key.GetValue<string>();
        var segments = KeyPath(text, path);
        return (new JsonObject { [name] = new JsonObject { ["key"] = text } }, payload => test(payload, segments));
    }

    private static (JsonNode, Func<JsonNode?, bool>) ParseMatch(JsonNode? node, string path)
    {
        if (node is not JsonObject match || match.Count != 1) throw Invalid(path, "must be one of {value}, {any: [...]} or {except: [...]}");
        var (kind, operand) = match.First();
        switch (kind)
        {
            case "value":
                var expected = Scalar(operand, $"{path}.value");
                return (new JsonObject { ["value"] = operand!.DeepClone() }, actual => ScalarEquals(actual, expected));
            case "any":
            case "except":
                if (operand is not JsonArray list) throw Invalid($"{path}.{kind}", "must be an array");
                var values = list.Select((v, i) => Scalar(v, $"{path}.{kind}[{i}]")).ToArray();
                var json = new JsonObject { [kind] = list.DeepClone() };
                return kind == "any"
                    ? (json, actual => values.Any(v => ScalarEquals(actual, v)))
                    : (json, actual => actual is not null && !values.Any(v => ScalarEquals(actual, v)));
            default:
                throw Invalid($"{path}.{kind}", "is not supported; use value, any or except");
        }
    }

    private static (JsonNode, Func<JsonNode?, bool>) ParseRange(JsonNode? node, string path)
    {
        if (node is not JsonObject range || range.Count == 0) throw Invalid(path, "must have at least one of gt, gte, lt, lte");
        double? gt = null, gte = null, lt = null, lte = null;
        foreach (var (bound, value) in range)
        {
            var number = value is JsonValue v && TryNumber(v, out var d) ? d : throw Invalid($"{path}.{bound}", "must be a number");
            switch (bound)
            {
                case "gt": gt = number; break;
                case "gte": gte = number; break;
                case "lt": lt = number; break;
                case "lte": lte = number; break;
                default: throw Invalid($"{path}.{bound}", "is not supported; use gt, gte, lt or lte");
            }
        }
        return (range.DeepClone(), actual =>
            actual is JsonValue value && TryNumber(value, out var x)
            && (gt is null || x > gt) && (gte is null || x >= gte) && (lt is null || x < lt) && (lte is null || x <= lte));
    }

    /// <summary>True when some value at <paramref name="path"/> passes <paramref name="test"/>; arrays on the way and at the end are searched element by element.</summary>
    private static bool AnyValue(JsonNode? node, string[] path, int depth, Func<JsonNode?, bool> test)
    {
        if (node is JsonArray array)
        {
            foreach (var element in array)
            {
                if (AnyValue(element, path, depth, test)) return true;
            }
            return false;
        }
        if (depth == path.Length) return test(node);
        return node is JsonObject obj && obj.TryGetPropertyValue(path[depth], out var child) && AnyValue(child, path, depth + 1, test);
    }

    private static bool FieldIsEmpty(JsonObject payload, string[] path) => !AnyValue(payload, path, 0, v => v is not null);

    private static bool FieldIsNull(JsonObject payload, string[] path) => AnyValue(payload, path, 0, v => v is null);

    private static string[] KeyPath(string key, string path)
    {
        var segments = key.Replace("[]", "", StringComparison.Ordinal).Split('.');
        if (segments.Any(string.IsNullOrEmpty)) throw Invalid($"{path}.key", $"'{key}' is not a valid payload key");
        return segments;
    }

    private static object Scalar(JsonNode? node, string path)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String: return value.GetValue<string>();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.Number when TryNumber(value, out var d): return d;
            }
        }
        throw Invalid(path, "must be a string, number or boolean");
    }

    private static bool ScalarEquals(JsonNode? actual, object expected)
    {
        if (actual is not JsonValue value) return false;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => expected is string s && s == value.GetValue<string>(),
            JsonValueKind.Number => expected is double d && TryNumber(value, out var x) && x == d,
            JsonValueKind.True => expected is true,
            JsonValueKind.False => expected is false,
            _ => false,
        };
    }

    internal static bool TryNumber(JsonValue value, out double number)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            number = 0;
            return false;
        }
        if (value.TryGetValue(out number)) return true;
        // JsonValues made from CLR numbers other than double convert through their JSON text.
        return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static ActivityException Invalid(string path, string problem) => ActivityException.Validation($"Filter '{path}' {problem}.");
}
