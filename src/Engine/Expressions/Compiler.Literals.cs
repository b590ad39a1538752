namespace Weft.Engine.Expressions;

// Array and object literals, with spread. Sizes are checked before the values are built.
internal sealed partial class Compiler
{
    private Evaluator CompileArrayLiteral(ArrayLiteralNode array)
    {
        var position = array.Position;
        var elements = array.Elements.Select(e => Compile(e is SpreadNode s ? s.Argument : e)).ToArray();
        if (!array.Elements.Any(e => e is SpreadNode))
        {
            if (elements.Length == 0) return context =>
            {
                context.Charge(1, position);
                return new ArrayValue([]);
            };
            return context =>
            {
                context.ReserveCollection(elements.Length, position);
                var items = new object?[elements.Length];
                for (var i = 0; i < items.Length; i++) items[i] = elements[i](context);
                return new ArrayValue(items);
            };
        }
        var spread = array.Elements.Select(e => e is SpreadNode).ToArray();
        return context =>
        {
            var items = new List<object?>();
            for (var i = 0; i < elements.Length; i++)
            {
                var value = elements[i](context);
                if (spread[i]) Spread(context, value, items, position);
                else items.Add(value);
            }
            context.ReserveCollection(items.Count, position);
            return new ArrayValue([.. items]);
        };
    }

    private Evaluator CompileObjectLiteral(ObjectLiteralNode obj)
    {
        var position = obj.Position;
        var properties = obj.Properties.Select(p => (
            Property: p,
            Key: p.ComputedKey is null ? null : Compile(p.ComputedKey),
            Value: Compile(p.Value))).ToArray();
        return context =>
        {
            var result = new ObjectValue(properties.Length);
            foreach (var (property, computedKey, value) in properties)
            {
                if (property.IsSpread)
                {
                    SpreadInto(context, result, value(context), property.Position);
                    continue;
                }
                var key = property.Key ?? Conversions.ToPropertyKey(context, computedKey!(context), property.Position);
                result.Set(key, value(context));
            }
            context.ReserveCollection(result.Count, position);
            return result;
        };
    }

    /// <summary><c>{ ...value }</c>: an object's properties, an array's elements by index, a string's chars; null adds nothing.</summary>
    private static void SpreadInto(EvalContext context, ObjectValue result, object? value, int position)
    {
        switch (value)
        {
            case null or bool or double:
                return;
            case string s:
                context.ReserveCollection(result.Count + (long)s.Length, position);
                for (var i = 0; i < s.Length; i++) result.Set(NumberFormatter.Format(i), Values.CharString(s[i]));
                return;
        }
        if (Values.AsList(value) is { } list)
        {
            context.ReserveCollection(result.Count + (long)list.Count, position);
            for (var i = 0; i < list.Count; i++) result.Set(NumberFormatter.Format(i), list[i]);
            return;
        }
        context.ReserveCollection(result.Count + (long)Members.PropertyCount(value), position);
        foreach (var (key, item) in Members.Properties(value) ?? []) result.Set(key, item);
    }
}
