namespace Weft.Engine.Expressions;

/// <summary><c>Object.keys / values / entries / fromEntries</c>.</summary>
internal static class ObjectFunctions
{
    public static IEnumerable<Builtin> All { get; } =
    [
        new("Object.keys", Keys),
        new("Object.values", (c, t, a, p) => Build(c, a, p, "Object.values", (_, value) => value)),
        new("Object.entries", (c, t, a, p) => Build(c, a, p, "Object.entries", (key, value) => new ArrayValue([key, value]))),
        new("Object.fromEntries", FromEntries),
    ];

    /// <summary>Object.keys: a lazy object's names are listed without reading its members.</summary>
    private static object? Keys(EvalContext context, object? target, object?[] arguments, int position)
    {
        if (Arguments.At(arguments, 0) is not IExpressionObject lazy) return Build(context, arguments, position, "Object.keys", (key, _) => key);
        var names = lazy.MemberNames.ToArray();
        context.ReserveCollection(names.Length, position);
        return new ArrayValue(names);
    }

    private static object? Build(EvalContext context, object?[] arguments, int position, string name, Func<string, object?, object?> select)
    {
        var value = Arguments.At(arguments, 0);
        if (value is null) throw context.Error(position, $"{name} expects an object, but got null");
        if (Values.AsList(value) is { } list)
        {
            context.ReserveCollection(list.Count, position);
            var fromList = new object?[list.Count];
            for (var i = 0; i < list.Count; i++) fromList[i] = select(NumberFormatter.Format(i), list[i]);
            return new ArrayValue(fromList);
        }
        if (value is string s)
        {
            context.ReserveCollection(s.Length, position);
            var fromString = new object?[s.Length];
            for (var i = 0; i < s.Length; i++) fromString[i] = select(NumberFormatter.Format(i), Values.CharString(s[i]));
            return new ArrayValue(fromString);
        }
        if (Members.Properties(value) is not { } properties) return ArrayValue.Empty;
        context.ReserveCollection(Members.PropertyCount(value), position);
        return new ArrayValue([.. properties.Select(p => select(p.Key, p.Value))]);
    }

    /// <summary>Object.fromEntries([[key, value], …]): later keys win, as in JavaScript.</summary>
    private static object? FromEntries(EvalContext context, object? target, object?[] arguments, int position)
    {
        var entries = Values.AsList(Arguments.At(arguments, 0))
            ?? throw context.Error(position, $"Object.fromEntries expects an array of [key, value] pairs, but got {Values.TypeName(Arguments.At(arguments, 0))}");
        context.ReserveCollection(entries.Count, position);
        var result = new ObjectValue(entries.Count);
        foreach (var entry in entries)
        {
            var pair = Values.AsList(entry) ?? throw context.Error(position, $"Object.fromEntries expects [key, value] pairs, but an entry is {Values.TypeName(entry)}");
            result.Set(Conversions.ToPropertyKey(context, pair.Count > 0 ? pair[0] : null, position), pair.Count > 1 ? pair[1] : null);
        }
        return result;
    }
}
