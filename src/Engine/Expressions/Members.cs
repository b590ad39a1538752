using System.Globalization;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>Reading <c>value.name</c> and <c>value[key]</c>, with JavaScript's rules.</summary>
internal static class Members
{
    /// <summary><c>target.name</c>: a missing member is null; reading from null throws.</summary>
    public static object? Get(EvalContext context, object? target, string name, int position)
    {
        switch (target)
        {
            case JsonObject json:
                return json.TryGetPropertyValue(name, out var node) ? Values.FromNode(node) : null;
            case ObjectValue built:
                return built.TryGetValue(name, out var value) ? value : null;
            case IExpressionObject lazy:
                return lazy.TryGetMember(name, out var member) ? Values.FromScope(member) : null;
            case null:
                throw context.Error(position, $"Cannot read '{name}' of null");
            case string s:
                return string.Equals(name, "length", StringComparison.Ordinal) ? Values.Box(s.Length) : GetStringIndex(s, name);
            case JsonArray or ArrayValue:
                var list = Values.AsList(target)!;
                return string.Equals(name, "length", StringComparison.Ordinal) ? Values.Box(list.Count) : GetListIndex(list, name);
            case Lambda:
                throw context.Error(position, $"Cannot read '{name}' of a function");
            default:
                return null; // numbers and booleans have no data members
        }
    }

    /// <summary><c>target[key]</c>: arrays and strings by integer index, objects by property name.</summary>
    public static object? GetIndex(EvalContext context, object? target, object? key, int position)
    {
        switch (target)
        {
            case null:
                throw context.Error(position, $"Cannot read '{Conversions.ToPropertyKey(context, key, position)}' of null");
            case JsonArray or ArrayValue when key is double index:
                var list = Values.AsList(target)!;
                return IsIndex(index, list.Count) ? list[(int)index] : null;
            case string s when key is double index:
                return IsIndex(index, s.Length) ? Values.CharString(s[(int)index]) : null;
            default:
                return Get(context, target, Conversions.ToPropertyKey(context, key, position), position);
        }
    }

    private static bool IsIndex(double index, int count) => index >= 0 && index < count && index == Math.Floor(index);

    private static object? GetListIndex(IReadOnlyList<object?> list, string name) =>
        TryParseIndex(name, out var index) && index < list.Count ? list[index] : null;

    private static string? GetStringIndex(string s, string name) =>
        TryParseIndex(name, out var index) && index < s.Length ? Values.CharString(s[index]) : null;

    /// <summary>A canonical array index ("0", "12", not "012" or "1.0").</summary>
    private static bool TryParseIndex(string name, out int index) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out index) && (name.Length == 1 || name[0] != '0');

    /// <summary>The properties of an object value, values in the engine's model; null for non-objects.</summary>
    public static IEnumerable<KeyValuePair<string, object?>>? Properties(object? value) => value switch
    {
        ObjectValue built => built,
        JsonObject json => json.Select(p => new KeyValuePair<string, object?>(p.Key, Values.FromNode(p.Value))),
        IExpressionObject lazy => LazyProperties(lazy),
        _ => null,
    };

    /// <summary>How many properties an object value has (without reading a lazy object's members).</summary>
    public static int PropertyCount(object? value) => value switch
    {
        ObjectValue built => built.Count,
        JsonObject json => json.Count,
        IExpressionObject lazy => lazy.MemberNames.Count(),
        _ => 0,
    };

    private static IEnumerable<KeyValuePair<string, object?>> LazyProperties(IExpressionObject lazy)
    {
        foreach (var name in lazy.MemberNames)
            if (lazy.TryGetMember(name, out var member))
                yield return new KeyValuePair<string, object?>(name, Values.FromScope(member));
    }
}
