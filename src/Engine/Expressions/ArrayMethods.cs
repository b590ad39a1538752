namespace Weft.Engine.Expressions;

/// <summary>
/// Array methods. None changes its array: <c>reverse</c> and <c>sort</c> return sorted/reversed
/// copies. Callbacks receive (element, index, array) — reduce: (accumulator, element, index, array).
/// </summary>
internal static class ArrayMethods
{
    public static IReadOnlyDictionary<string, Builtin> All { get; } = new Builtin[]
    {
        new("map", Map, CallbackArguments: 0b1),
        new("filter", Filter, CallbackArguments: 0b1),
        new("find", (c, t, a, p) => Find(c, t, a, p, "find", fromEnd: false, wantIndex: false), CallbackArguments: 0b1),
        new("findIndex", (c, t, a, p) => Find(c, t, a, p, "findIndex", fromEnd: false, wantIndex: true), CallbackArguments: 0b1),
        new("findLast", (c, t, a, p) => Find(c, t, a, p, "findLast", fromEnd: true, wantIndex: false), CallbackArguments: 0b1),
        new("findLastIndex", (c, t, a, p) => Find(c, t, a, p, "findLastIndex", fromEnd: true, wantIndex: true), CallbackArguments: 0b1),
        new("some", (c, t, a, p) => Test(c, t, a, p, "some", every: false), CallbackArguments: 0b1),
        new("every", (c, t, a, p) => Test(c, t, a, p, "every", every: true), CallbackArguments: 0b1),
        new("reduce", (c, t, a, p) => Reduce(c, t, a, p, "reduce", fromEnd: false), CallbackArguments: 0b1),
        new("reduceRight", (c, t, a, p) => Reduce(c, t, a, p, "reduceRight", fromEnd: true), CallbackArguments: 0b1),
        new("flatMap", FlatMap, CallbackArguments: 0b1),
        new("sort", Sort, CallbackArguments: 0b1),
        new("join", Join),
        new("slice", Slice),
        new("includes", Includes),
        new("indexOf", IndexOf),
        new("lastIndexOf", LastIndexOf),
        new("concat", Concat),
        new("flat", Flat),
        new("reverse", Reverse),
        new("at", At),
        new("toString", (c, t, a, p) => Conversions.JoinArray(c, List(t), ",", p, 0)),
    }.ToDictionary(b => b.Name, StringComparer.Ordinal);

    private static IReadOnlyList<object?> List(object? target) => Values.AsList(target)!;

    private static object? Map(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var callback = Arguments.Callback(context, arguments, 0, "map", position);
        context.ReserveCollection(list.Count, position);
        var result = new object?[list.Count];
        for (var i = 0; i < result.Length; i++) result[i] = callback.Invoke(context, list[i], Values.Box(i), target);
        return new ArrayValue(result);
    }

    private static object? Filter(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var callback = Arguments.Callback(context, arguments, 0, "filter", position);
        var result = new List<object?>();
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            if (Values.IsTruthy(callback.Invoke(context, item, Values.Box(i), target))) result.Add(item);
        }
        context.ReserveCollection(result.Count, position);
        return new ArrayValue([.. result]);
    }

    private static object? Find(EvalContext context, object? target, object?[] arguments, int position, string name, bool fromEnd, bool wantIndex)
    {
        var list = List(target);
        var callback = Arguments.Callback(context, arguments, 0, name, position);
        for (var n = 0; n < list.Count; n++)
        {
            var i = fromEnd ? list.Count - 1 - n : n;
            var item = list[i];
            if (Values.IsTruthy(callback.Invoke(context, item, Values.Box(i), target))) return wantIndex ? Values.Box(i) : item;
        }
        return wantIndex ? Values.Box(-1) : null;
    }

    private static object? Test(EvalContext context, object? target, object?[] arguments, int position, string name, bool every)
    {
        var list = List(target);
        var callback = Arguments.Callback(context, arguments, 0, name, position);
        for (var i = 0; i < list.Count; i++)
        {
            var passed = Values.IsTruthy(callback.Invoke(context, list[i], Values.Box(i), target));
            if (passed != every) return Values.Box(!every);
        }
        return Values.Box(every);
    }

    private static object? Reduce(EvalContext context, object? target, object?[] arguments, int position, string name, bool fromEnd)
    {
        var list = List(target);
        var callback = Arguments.Callback(context, arguments, 0, name, position);
        var n = 0;
        object? accumulator;
        if (arguments.Length >= 2) accumulator = arguments[1];
        else if (list.Count == 0) throw context.Error(position, $"{name} of an empty array needs an initial value, e.g. {name}((sum, x) => sum + x, 0)");
        else accumulator = list[fromEnd ? list.Count - 1 : 0];
        if (arguments.Length < 2) n = 1;
        for (; n < list.Count; n++)
        {
            var i = fromEnd ? list.Count - 1 - n : n;
            accumulator = callback.Invoke(context, accumulator, list[i], Values.Box(i), target);
        }
        return accumulator;
    }

    private static object? FlatMap(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var callback = Arguments.Callback(context, arguments, 0, "flatMap", position);
        var result = new List<object?>();
        for (var i = 0; i < list.Count; i++)
        {
            var mapped = callback.Invoke(context, list[i], Values.Box(i), target);
            if (Values.AsList(mapped) is { } inner)
            {
                context.ReserveCollection(result.Count + inner.Count, position);
                result.AddRange(inner);
            }
            else
            {
                context.ReserveCollection(result.Count + 1, position);
                result.Add(mapped);
            }
        }
        return new ArrayValue([.. result]);
    }

    private static object? Join(EvalContext context, object? target, object?[] arguments, int position)
    {
        var separator = Arguments.Has(arguments, 0) ? Arguments.String(context, arguments, 0, position) : ",";
        return Conversions.JoinArray(context, List(target), separator, position, 0);
    }

    private static object? Slice(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var start = Arguments.RelativeIndex(Arguments.Integer(arguments, 0, 0), list.Count);
        var end = Arguments.RelativeIndex(Arguments.Integer(arguments, 1, list.Count), list.Count);
        return Copy(context, list, start, Math.Max(0, end - start), position);
    }

    private static ArrayValue Copy(EvalContext context, IReadOnlyList<object?> list, int start, int count, int position)
    {
        context.ReserveCollection(count, position);
        var result = new object?[count];
        for (var i = 0; i < count; i++) result[i] = list[start + i];
        return new ArrayValue(result);
    }

    /// <summary>includes uses SameValueZero (finds NaN); arrays and objects match only the same instance.</summary>
    private static object? Includes(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var search = Arguments.At(arguments, 0);
        var start = Arguments.RelativeIndex(Arguments.Integer(arguments, 1, 0), list.Count);
        context.Charge(list.Count - start, position);
        for (var i = start; i < list.Count; i++)
            if (Conversions.SameValueZero(list[i], search)) return Values.True;
        return Values.False;
    }

    private static object? IndexOf(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var search = Arguments.At(arguments, 0);
        var start = Arguments.RelativeIndex(Arguments.Integer(arguments, 1, 0), list.Count);
        context.Charge(list.Count - start, position);
        for (var i = start; i < list.Count; i++)
            if (Conversions.StrictEquals(list[i], search)) return Values.Box(i);
        return Values.Box(-1);
    }

    private static object? LastIndexOf(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var search = Arguments.At(arguments, 0);
        var from = Arguments.Integer(arguments, 1, list.Count - 1);
        var start = (int)Math.Min(from < 0 ? list.Count + from : from, list.Count - 1);
        context.Charge(list.Count, position);
        for (var i = start; i >= 0; i--)
            if (Conversions.StrictEquals(list[i], search)) return Values.Box(i);
        return Values.Box(-1);
    }

    /// <summary>concat: array arguments contribute their elements, anything else itself. The size is checked before copying.</summary>
    private static object? Concat(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        long total = list.Count;
        foreach (var argument in arguments) total += Values.AsList(argument)?.Count ?? 1;
        context.ReserveCollection(total, position);
        var result = new object?[total];
        var at = 0;
        foreach (var item in list) result[at++] = item;
        foreach (var argument in arguments)
        {
            if (Values.AsList(argument) is { } items)
                foreach (var item in items) result[at++] = item;
            else result[at++] = argument;
        }
        return new ArrayValue(result);
    }

    private static object? Flat(EvalContext context, object? target, object?[] arguments, int position)
    {
        var depth = Arguments.Integer(arguments, 0, 1);
        var result = new List<object?>();
        Flatten(context, List(target), depth, result, level: 0, position);
        return new ArrayValue([.. result]);
    }

    private static void Flatten(EvalContext context, IReadOnlyList<object?> list, double depth, List<object?> result, int level, int position)
    {
        context.CheckDepth(level + 1, position);
        foreach (var item in list)
        {
            if (depth >= 1 && Values.AsList(item) is { } inner)
            {
                Flatten(context, inner, depth - 1, result, level + 1, position);
                continue;
            }
            context.ReserveCollection(result.Count + 1, position);
            result.Add(item);
        }
    }

    private static object? Reverse(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        context.ReserveCollection(list.Count, position);
        var result = new object?[list.Count];
        for (var i = 0; i < result.Length; i++) result[i] = list[list.Count - 1 - i];
        return new ArrayValue(result);
    }

    private static object? At(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var index = Arguments.Integer(arguments, 0, 0);
        if (index < 0) index += list.Count;
        return index >= 0 && index < list.Count ? list[(int)index] : null;
    }

    /// <summary>
    /// A sorted copy (stable). Without a comparator, as in JavaScript, elements compare as strings
    /// (so [10, 9, 1] sorts to [1, 10, 9]) and nulls go last; with one, its result's sign decides.
    /// </summary>
    private static object? Sort(EvalContext context, object? target, object?[] arguments, int position)
    {
        var list = List(target);
        var comparer = Arguments.At(arguments, 0);
        if (comparer is not null and not Lambda)
            throw context.Error(position, $"sort expects a comparison function such as (a, b) => a - b, but got {Values.TypeName(comparer)}");
        context.ReserveCollection(list.Count, position);
        var items = list.ToArray();
        Comparison<object?> compare;
        if (comparer is Lambda lambda)
        {
            compare = (a, b) =>
            {
                var result = Conversions.ToNumber(lambda.Invoke(context, a, b));
                return double.IsNaN(result) ? 0 : Math.Sign(result);
            };
        }
        else
        {
            var keys = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
            compare = (a, b) =>
            {
                context.Charge(1, position);
                if (a is null) return b is null ? 0 : 1;
                if (b is null) return -1;
                return string.CompareOrdinal(Key(a), Key(b));
            };

            string Key(object value)
            {
                if (value is string s) return s;
                if (!keys.TryGetValue(value, out var key)) keys[value] = key = Conversions.ToJsString(context, value, position);
                return key;
            }
        }
        MergeSort(items, new object?[items.Length], 0, items.Length, compare);
        return new ArrayValue(items);
    }

    private static void MergeSort(object?[] items, object?[] buffer, int start, int end, Comparison<object?> compare)
    {
        if (end - start < 2) return;
        var middle = start + ((end - start) / 2);
        MergeSort(items, buffer, start, middle, compare);
        MergeSort(items, buffer, middle, end, compare);
        if (compare(items[middle - 1], items[middle]) <= 0) return; // already in order
        Array.Copy(items, start, buffer, start, end - start);
        int left = start, right = middle, at = start;
        while (left < middle && right < end)
            items[at++] = compare(buffer[right], buffer[left]) < 0 ? buffer[right++] : buffer[left++];
        while (left < middle) items[at++] = buffer[left++];
        while (right < end) items[at++] = buffer[right++];
    }
}
