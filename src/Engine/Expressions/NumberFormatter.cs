using System.Globalization;

namespace Weft.Engine.Expressions;

/// <summary>Numbers as JavaScript writes them (<c>String(n)</c>): 3, 0.1, 1e+21, 1e-7, NaN, Infinity.</summary>
internal static class NumberFormatter
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (value == 0) return "0"; // also -0, as JavaScript prints it
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        return FormatShortest(value);
    }

    /// <summary>
    /// JavaScript's Number::toString: the shortest round-trip digits (which .NET's "R" also gives),
    /// laid out with JavaScript's rule for when to switch to exponent notation.
    /// </summary>
    private static string FormatShortest(double value)
    {
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentIndex = roundTrip.IndexOfAny(['E', 'e']);
        var exponent = exponentIndex < 0 ? 0 : int.Parse(roundTrip.AsSpan(exponentIndex + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentIndex < 0 ? roundTrip : roundTrip[..exponentIndex];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var allDigits = point < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, point), mantissa.AsSpan(point + 1));
        var trimmed = allDigits.TrimStart('0');
        var leadingZeros = allDigits.Length - trimmed.Length;
        var digits = trimmed.TrimEnd('0');
        var k = digits.Length;
        // value = 0.digits × 10^n
        var n = exponent + integerDigits - leadingZeros;
        var sign = value < 0 ? "-" : "";
        if (k <= n && n <= 21) return sign + digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + digits;
        var e = n - 1;
        var exponentText = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? $"{sign}{digits}e{exponentText}" : $"{sign}{digits[0]}.{digits[1..]}e{exponentText}";
    }
}
