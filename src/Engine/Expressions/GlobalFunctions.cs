using System.Globalization;

namespace Weft.Engine.Expressions;

/// <summary>
/// Conversions and tests: <c>Number String Boolean parseInt parseFloat isNaN isFinite</c>,
/// <c>Array.isArray</c> and <c>Number.isInteger / isFinite / isNaN / isSafeInteger / parseInt / parseFloat</c>.
/// </summary>
internal static class GlobalFunctions
{
    private const double MaxSafeInteger = 9007199254740991;

    public static IEnumerable<Builtin> All { get; } =
    [
        new("Number", (c, t, a, p) => a.Length == 0 ? Values.Box(0) : Values.Box(Conversions.ToNumber(a[0]))),
        new("String", (c, t, a, p) => a.Length == 0 ? "" : Conversions.ToJsString(c, a[0], p)),
        new("Boolean", (c, t, a, p) => Values.Box(Values.IsTruthy(Arguments.At(a, 0)))),
        new("parseInt", ParseInt),
        new("parseFloat", ParseFloat),
        new("isNaN", (c, t, a, p) => Values.Box(double.IsNaN(Arguments.Number(a, 0)))),
        new("isFinite", (c, t, a, p) => Values.Box(double.IsFinite(Arguments.Number(a, 0)))),
        new("Array.isArray", (c, t, a, p) => Values.Box(Values.IsArray(Arguments.At(a, 0)))),
        new("Number.isInteger", (c, t, a, p) => Values.Box(Arguments.At(a, 0) is double d && double.IsFinite(d) && d == Math.Floor(d))),
        new("Number.isSafeInteger", (c, t, a, p) => Values.Box(Arguments.At(a, 0) is double d && d == Math.Floor(d) && Math.Abs(d) <= MaxSafeInteger)),
        new("Number.isFinite", (c, t, a, p) => Values.Box(Arguments.At(a, 0) is double d && double.IsFinite(d))),
        new("Number.isNaN", (c, t, a, p) => Values.Box(Arguments.At(a, 0) is double d && double.IsNaN(d))),
        new("Number.parseInt", ParseInt),
        new("Number.parseFloat", ParseFloat),
    ];

    public static IEnumerable<KeyValuePair<string, object?>> Constants { get; } =
    [
        new("Number.MAX_SAFE_INTEGER", MaxSafeInteger),
        new("Number.MIN_SAFE_INTEGER", -MaxSafeInteger),
        new("Number.EPSILON", Math.Pow(2, -52)),
        new("Number.MAX_VALUE", double.MaxValue),
        new("Number.MIN_VALUE", double.Epsilon),
        new("Number.POSITIVE_INFINITY", double.PositiveInfinity),
        new("Number.NEGATIVE_INFINITY", double.NegativeInfinity),
        new("Number.NaN", double.NaN),
    ];

    /// <summary>parseInt(text, radix): leading whitespace and sign, "0x" for hex, then as many digits as parse; NaN if none.</summary>
    private static object ParseInt(EvalContext context, object? target, object?[] arguments, int position)
    {
        var text = Conversions.TrimJs(Arguments.String(context, arguments, 0, position)).ToString();
        var radixArgument = Arguments.Integer(arguments, 1, 0);
        var radix = double.IsFinite(radixArgument) ? (int)Math.Clamp(radixArgument, -1, 37) : 0;
        var sign = 1;
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            if (text[i] == '-') sign = -1;
            i++;
        }
        var detectHex = radix == 0;
        if (radix == 0) radix = 10;
        else if (radix is < 2 or > 36) return double.NaN;
        if ((radix == 16 || detectHex) && i + 1 < text.Length && text[i] == '0' && text[i + 1] is 'x' or 'X')
        {
            radix = 16;
            i += 2;
        }
        var start = i;
        double value = 0;
        while (i < text.Length && Conversions.DigitValue(text[i]) is var digit && digit >= 0 && digit < radix)
        {
            value = (value * radix) + digit;
            i++;
        }
        if (i == start) return double.NaN;
        // Decimal digits beyond double precision: let the runtime parse for the correctly rounded value.
        if (radix == 10 && i - start > 15) value = double.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        return Values.Box(sign * value);
    }

    /// <summary>parseFloat(text): the longest decimal literal (or Infinity) at the start; NaN if none.</summary>
    private static object ParseFloat(EvalContext context, object? target, object?[] arguments, int position)
    {
        var text = Conversions.TrimJs(Arguments.String(context, arguments, 0, position));
        var unsigned = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (unsigned.StartsWith("Infinity", StringComparison.Ordinal))
            return text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        var length = Conversions.DecimalLiteralLength(text);
        if (length == 0) return double.NaN;
        return Values.Box(double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
