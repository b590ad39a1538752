namespace Weft.Engine.Expressions;

/// <summary>
/// String methods, with JavaScript's semantics over UTF-16 code units and ordinal comparison.
/// Case mapping is culture-invariant. No regular expressions: patterns are plain strings.
/// </summary>
internal static class StringMethods
{
    public static IReadOnlyDictionary<string, Builtin> All { get; } = new Builtin[]
    {
        new("toUpperCase", (c, t, a, p) => Build(c, Text(t).ToUpperInvariant(), p)),
        new("toLowerCase", (c, t, a, p) => Build(c, Text(t).ToLowerInvariant(), p)),
        new("trim", (c, t, a, p) => Build(c, Conversions.TrimJs(Text(t)).ToString(), p)),
        new("trimStart", (c, t, a, p) => Build(c, TrimStart(Text(t)), p)),
        new("trimEnd", (c, t, a, p) => Build(c, TrimEnd(Text(t)), p)),
        new("includes", Includes),
        new("startsWith", StartsWith),
        new("endsWith", EndsWith),
        new("indexOf", IndexOf),
        new("lastIndexOf", LastIndexOf),
        new("slice", Slice),
        new("substring", Substring),
        new("split", Split),
        new("replace", (c, t, a, p) => Replace(c, Text(t), a, p, all: false), CallbackArguments: 0b10),
        new("replaceAll", (c, t, a, p) => Replace(c, Text(t), a, p, all: true), CallbackArguments: 0b10),
        new("padStart", (c, t, a, p) => Pad(c, Text(t), a, p, atStart: true)),
        new("padEnd", (c, t, a, p) => Pad(c, Text(t), a, p, atStart: false)),
        new("repeat", Repeat),
        new("charAt", CharAt),
        new("charCodeAt", CharCodeAt),
        new("at", At),
        new("concat", Concat),
        new("localeCompare", LocaleCompare),
        new("toString", (c, t, a, p) => t),
        new("valueOf", (c, t, a, p) => t),
    }.ToDictionary(b => b.Name, StringComparer.Ordinal);

    private static string Text(object? target) => (string)target!;

    /// <summary>Charges for a newly built string (the check comes after the fact here because the result is never longer than the input).</summary>
    private static string Build(EvalContext context, string result, int position)
    {
        context.ReserveString(result.Length, position);
        return result;
    }

    private static string TrimStart(string s)
    {
        var start = 0;
        while (start < s.Length && Conversions.IsJsWhitespace(s[start])) start++;
        return s[start..];
    }

    private static string TrimEnd(string s)
    {
        var end = s.Length;
        while (end > 0 && Conversions.IsJsWhitespace(s[end - 1])) end--;
        return s[..end];
    }

    private static int ClampedInteger(object?[] arguments, int index, double fallback, int length) =>
        (int)Math.Clamp(Arguments.Integer(arguments, index, fallback), 0, length);

    private static object? Includes(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var search = Arguments.String(context, arguments, 0, position);
        var start = ClampedInteger(arguments, 1, 0, s.Length);
        context.ChargeScan(s.Length - start, position);
        return Values.Box(s.AsSpan(start).IndexOf(search, StringComparison.Ordinal) >= 0);
    }

    private static object? StartsWith(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var search = Arguments.String(context, arguments, 0, position);
        var start = ClampedInteger(arguments, 1, 0, s.Length);
        return Values.Box(s.AsSpan(start).StartsWith(search, StringComparison.Ordinal));
    }

    private static object? EndsWith(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var search = Arguments.String(context, arguments, 0, position);
        var end = ClampedInteger(arguments, 1, s.Length, s.Length);
        return Values.Box(s.AsSpan(0, end).EndsWith(search, StringComparison.Ordinal));
    }

    private static object? IndexOf(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var search = Arguments.String(context, arguments, 0, position);
        var start = ClampedInteger(arguments, 1, 0, s.Length);
        context.ChargeScan(s.Length - start, position);
        return Values.Box(s.IndexOf(search, start, StringComparison.Ordinal));
    }

    private static object? LastIndexOf(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var search = Arguments.String(context, arguments, 0, position);
        var from = Arguments.At(arguments, 1) is { } f && !double.IsNaN(Conversions.ToNumber(f)) ? Conversions.ToInteger(f) : double.PositiveInfinity;
        var start = (int)Math.Clamp(from, 0, s.Length);
        context.ChargeScan(s.Length, position);
        var window = (int)Math.Min(s.Length, (long)start + search.Length);
        return Values.Box(s.AsSpan(0, window).LastIndexOf(search, StringComparison.Ordinal));
    }

    private static object? Slice(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var start = Arguments.RelativeIndex(Arguments.Integer(arguments, 0, 0), s.Length);
        var end = Arguments.RelativeIndex(Arguments.Integer(arguments, 1, s.Length), s.Length);
        return end <= start ? "" : Build(context, s[start..end], position);
    }

    private static object? Substring(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var start = ClampedInteger(arguments, 0, 0, s.Length);
        var end = ClampedInteger(arguments, 1, s.Length, s.Length);
        if (start > end) (start, end) = (end, start);
        return Build(context, s[start..end], position);
    }

    /// <summary>split(separator, limit): a missing or null separator gives [s]; "" splits into UTF-16 code units.</summary>
    private static object? Split(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var limit = Arguments.Has(arguments, 1) ? ToUint32(Conversions.ToInteger(arguments[1])) : uint.MaxValue;
        if (limit == 0) return ArrayValue.Empty;
        if (!Arguments.Has(arguments, 0))
        {
            context.ReserveCollection(1, position);
            return new ArrayValue([s]);
        }
        var separator = Arguments.String(context, arguments, 0, position);
        context.ChargeScan(s.Length, position);
        if (separator.Length == 0)
        {
            var count = (int)Math.Min(s.Length, limit);
            context.ReserveCollection(count, position);
            var chars = new object?[count];
            for (var i = 0; i < count; i++) chars[i] = Values.CharString(s[i]);
            return new ArrayValue(chars);
        }
        // Count first, so an oversized result is refused before anything is allocated.
        long pieces = 1;
        for (var at = s.IndexOf(separator, StringComparison.Ordinal); at >= 0 && pieces < limit; at = s.IndexOf(separator, at + separator.Length, StringComparison.Ordinal))
            pieces++;
        context.ReserveCollection(pieces, position);
        var result = new object?[pieces];
        var begin = 0;
        for (var i = 0; i < pieces; i++)
        {
            var at = i == pieces - 1 && pieces < limit ? -1 : s.IndexOf(separator, begin, StringComparison.Ordinal);
            if (at < 0)
            {
                result[i] = s[begin..];
                break;
            }
            result[i] = s[begin..at];
            begin = at + separator.Length;
        }
        return new ArrayValue(result);
    }

    /// <summary>JavaScript's ToUint32 of an integer: wraps modulo 2^32 (so a limit of -1 means 4294967295).</summary>
    private static double ToUint32(double integer) =>
        double.IsFinite(integer) ? ((integer % 4294967296d) + 4294967296d) % 4294967296d : 0;

    /// <summary>replace / replaceAll with a string pattern; the replacement is a string (with $$, $&amp;, $`, $' patterns) or a function (match, offset, string).</summary>
    private static object? Replace(EvalContext context, string s, object?[] arguments, int position, bool all)
    {
        var pattern = Arguments.String(context, arguments, 0, position);
        var replacer = Arguments.At(arguments, 1) as Lambda;
        var replacement = replacer is null ? Arguments.String(context, arguments, 1, position) : null;
        context.ChargeScan(s.Length, position);
        var builder = new TextBuilder(context, position);
        var consumed = 0;
        var searchFrom = 0;
        var matched = false;
        while (searchFrom <= s.Length)
        {
            var at = s.IndexOf(pattern, searchFrom, StringComparison.Ordinal);
            if (at < 0) break;
            matched = true;
            context.Charge(1, position);
            builder.Append(s, consumed, at - consumed);
            if (replacer is not null)
                builder.Append(Conversions.ToJsString(context, replacer.Invoke(context, pattern, Values.Box(at), s), position));
            else
                AppendSubstitution(builder, s, pattern, at, replacement!);
            consumed = at + pattern.Length;
            if (!all) break;
            searchFrom = pattern.Length == 0 ? at + 1 : consumed; // an empty pattern matches between every char
        }
        if (!matched) return s;
        builder.Append(s, consumed, s.Length - consumed);
        return builder.ToString();
    }

    private static void AppendSubstitution(TextBuilder builder, string s, string matched, int at, string replacement)
    {
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c != '$' || i + 1 >= replacement.Length)
            {
                builder.Append(c);
                continue;
            }
            switch (replacement[i + 1])
            {
                case '$': builder.Append('$'); i++; break;
                case '&': builder.Append(matched); i++; break;
                case '`': builder.Append(s, 0, at); i++; break;
                case '\'': builder.Append(s, at + matched.Length, s.Length - at - matched.Length); i++; break;
                default: builder.Append('$'); break;
            }
        }
    }

    private static object? Pad(EvalContext context, string s, object?[] arguments, int position, bool atStart)
    {
        var target = Arguments.Integer(arguments, 0, 0);
        if (target <= s.Length) return s;
        var fill = Arguments.Has(arguments, 1) ? Arguments.String(context, arguments, 1, position) : " ";
        if (fill.Length == 0) return s;
        context.ReserveString(target, position);
        var padLength = (int)target - s.Length;
        var padding = string.Create(padLength, fill, static (span, f) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = f[i % f.Length];
        });
        return atStart ? padding + s : s + padding;
    }

    private static object? Repeat(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var count = Arguments.Integer(arguments, 0, 0);
        if (count < 0 || double.IsInfinity(count)) throw context.Error(position, $"Invalid count for repeat: {NumberFormatter.Format(count)}");
        if (count == 0 || s.Length == 0) return "";
        var total = s.Length * count;
        context.ReserveString(total, position);
        return string.Create((int)total, s, static (span, text) =>
        {
            for (var at = 0; at < span.Length; at += text.Length) text.AsSpan().CopyTo(span[at..]);
        });
    }

    private static object? CharAt(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var index = Arguments.Integer(arguments, 0, 0);
        return index >= 0 && index < s.Length ? Values.CharString(s[(int)index]) : "";
    }

    private static object? CharCodeAt(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var index = Arguments.Integer(arguments, 0, 0);
        return index >= 0 && index < s.Length ? Values.Box(s[(int)index]) : double.NaN;
    }

    private static object? At(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var index = Arguments.Integer(arguments, 0, 0);
        if (index < 0) index += s.Length;
        return index >= 0 && index < s.Length ? Values.CharString(s[(int)index]) : null;
    }

    private static object? Concat(EvalContext context, object? target, object?[] arguments, int position)
    {
        var parts = new string[arguments.Length + 1];
        parts[0] = Text(target);
        long total = parts[0].Length;
        for (var i = 0; i < arguments.Length; i++)
        {
            parts[i + 1] = Conversions.ToJsString(context, arguments[i], position);
            total += parts[i + 1].Length;
        }
        context.ReserveString(total, position);
        return string.Concat(parts);
    }

    /// <summary>
    /// An approximation of the locale-aware comparison (this engine runs culture-invariant):
    /// case-insensitive first, then lower case before upper case, as ICU's root locale orders Latin text.
    /// </summary>
    private static object? LocaleCompare(EvalContext context, object? target, object?[] arguments, int position)
    {
        var s = Text(target);
        var other = Arguments.String(context, arguments, 0, position);
        var ignoringCase = string.Compare(s, other, StringComparison.OrdinalIgnoreCase);
        return Values.Box(ignoringCase != 0 ? Math.Sign(ignoringCase) : -Math.Sign(string.CompareOrdinal(s, other)));
    }
}
