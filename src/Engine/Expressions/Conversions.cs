using System.Globalization;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>JavaScript's type conversions (ToNumber, ToString, ToIntegerOrInfinity, equality) over the engine's values.</summary>
internal static class Conversions
{
    /// <summary>
    /// JavaScript's ToNumber, with one deliberate difference: null (which also stands for undefined
    /// and missing members) is 0, as JavaScript's null is.
    /// </summary>
    public static double ToNumber(object? value) => value switch
    {
        double d => d,
        null => 0,
        bool b => b ? 1 : 0,
        string s => StringToNumber(s),
        JsonArray { Count: 0 } or ArrayValue { Count: 0 } => 0,
        JsonArray { Count: 1 } j => SingleElementToNumber(Values.FromNode(j[0])),
        ArrayValue { Count: 1 } a => SingleElementToNumber(a[0]),
        _ => double.NaN,
    };

    private static double SingleElementToNumber(object? element) => element switch
    {
        null => 0,
        double d => d,
        string s => StringToNumber(s),
        bool b => StringToNumber(b ? "true" : "false"),
        _ => double.NaN,
    };

    /// <summary>JavaScript's StringToNumber: trimmed, "" is 0, decimal/hex/octal/binary literals, otherwise NaN.</summary>
    public static double StringToNumber(string text)
    {
        var s = TrimJs(text.AsSpan());
        if (s.IsEmpty) return 0;
        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            double value = 0;
            foreach (var c in s[2..])
            {
                var digit = DigitValue(c);
                if (digit < 0 || digit >= radix) return double.NaN;
                value = (value * radix) + digit;
            }
            return value;
        }
        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (body.SequenceEqual("Infinity")) return s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        var length = DecimalLiteralLength(s);
        if (length != s.Length) return double.NaN;
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Length of the longest prefix of <paramref name="s"/> that is a JavaScript decimal literal
    /// (optional sign, digits, fraction, exponent); 0 if none.
    /// </summary>
    public static int DecimalLiteralLength(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digitsStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var integerDigits = i - digitsStart;
        var fractionDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            var fractionStart = i + 1;
            var j = fractionStart;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            fractionDigits = j - fractionStart;
            if (integerDigits > 0 || fractionDigits > 0) i = j;
        }
        if (integerDigits == 0 && fractionDigits == 0) return 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-') j++;
            var exponentStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            if (j > exponentStart) i = j;
        }
        return i;
    }

    public static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    public static bool IsJsWhitespace(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';

    public static ReadOnlySpan<char> TrimJs(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsJsWhitespace(s[start])) start++;
        while (end > start && IsJsWhitespace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>JavaScript's ToIntegerOrInfinity: NaN is 0, fractions truncate, infinities stay.</summary>
    public static double ToInteger(object? value)
    {
        var number = ToNumber(value);
        return double.IsNaN(number) ? 0 : Math.Truncate(number) + 0.0;
    }

    /// <summary>
    /// JavaScript's String(value) for primitives and arrays (elements joined with ","). Objects
    /// become their JSON text rather than JavaScript's useless "[object Object]".
    /// </summary>
    public static string ToJsString(EvalContext context, object? value, int position, int depth = 0) => value switch
    {
        string s => s,
        null => "null",
        bool b => b ? "true" : "false",
        double d => NumberFormatter.Format(d),
        JsonArray or ArrayValue => JoinArray(context, Values.AsList(value)!, ",", position, depth),
        Lambda => throw context.Error(position, "A function cannot be used as a value"),
        _ => JsonText.Stringify(context, value, indent: "", position),
    };

    /// <summary>Array.prototype.join: null elements become "", nested arrays are joined recursively.</summary>
    public static string JoinArray(EvalContext context, IReadOnlyList<object?> items, string separator, int position, int depth)
    {
        context.CheckDepth(depth + 1, position);
        context.Charge(items.Count, position);
        var builder = new TextBuilder(context, position);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) builder.Append(separator);
            var item = items[i];
            if (item is not null) builder.Append(ToJsString(context, item, position, depth + 1));
        }
        return builder.ToString();
    }

    /// <summary>The text a template puts in place of <c>{{ value }}</c>: null is "", arrays and objects are JSON.</summary>
    public static string ToTemplateText(EvalContext context, object? value, int position) => value switch
    {
        null => "",
        string s => s,
        JsonArray or ArrayValue or JsonObject or ObjectValue or IExpressionObject => JsonText.Stringify(context, value, indent: "", position),
        _ => ToJsString(context, value, position),
    };

    /// <summary>The property name a value stands for in <c>obj[key]</c> and <c>{ [key]: … }</c>.</summary>
    public static string ToPropertyKey(EvalContext context, object? value, int position) => value switch
    {
        string s => s,
        double d => NumberFormatter.Format(d),
        _ => ToJsString(context, value, position),
    };

    /// <summary>
    /// <c>===</c> (and <c>==</c>, which this language makes strict too): same type and value for
    /// primitives (NaN is not equal to itself), same instance for arrays and objects.
    /// </summary>
    public static bool StrictEquals(object? a, object? b) => a switch
    {
        null => b is null,
        double x => b is double y && x == y,
        string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
        bool p => b is bool q && p == q,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>SameValueZero (Array.prototype.includes): like <see cref="StrictEquals"/> but NaN equals NaN.</summary>
    public static bool SameValueZero(object? a, object? b) =>
        StrictEquals(a, b) || (a is double x && b is double y && double.IsNaN(x) && double.IsNaN(y));

    /// <summary>
    /// JavaScript's relational comparison: two strings compare by UTF-16 code units, anything else
    /// as numbers. Returns null when either side is NaN (every relational operator is then false).
    /// </summary>
    public static int? Compare(object? a, object? b)
    {
        if (a is string s && b is string t) return Math.Sign(string.CompareOrdinal(s, t));
        var x = ToNumber(a);
        var y = ToNumber(b);
        if (double.IsNaN(x) || double.IsNaN(y)) return null;
        return x < y ? -1 : x > y ? 1 : 0;
    }
}
