using System.Globalization;
using System.Numerics;
using System.Text;

namespace Weft.Engine.Expressions;

/// <summary>Methods of numbers (<c>n.toFixed(2)</c>), and the one method every value has (<c>toString</c>).</summary>
internal static class NumberMethods
{
    public static IReadOnlyDictionary<string, Builtin> All { get; } = new Builtin[]
    {
        new("toFixed", ToFixed),
        new("toString", ToStringRadix),
        new("valueOf", (c, t, a, p) => t),
    }.ToDictionary(b => b.Name, StringComparer.Ordinal);

    /// <summary>Methods of any value (objects, booleans): <c>toString</c> is String(value).</summary>
    public static IReadOnlyDictionary<string, Builtin> Common { get; } = new Builtin[]
    {
        new("toString", (c, t, a, p) => Conversions.ToJsString(c, t, p)),
    }.ToDictionary(b => b.Name, StringComparer.Ordinal);

    private static object? ToFixed(EvalContext context, object? target, object?[] arguments, int position)
    {
        var value = (double)target!;
        var digits = Arguments.Integer(arguments, 0, 0);
        if (digits is < 0 or > 100) throw context.Error(position, "toFixed expects between 0 and 100 digits");
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e21) return NumberFormatter.Format(value);
        return ToFixed(value, (int)digits);
    }

    /// <summary>
    /// JavaScript's toFixed: the integer n nearest to value × 10^digits, the larger one on a tie
    /// (so 2.5 → "3", where .NET's "F0" gives "2"), computed exactly from the double's binary value.
    /// </summary>
    internal static string ToFixed(double value, int digits)
    {
        var negative = value < 0;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & ((1L << 52) - 1);
        if (exponentBits != 0) mantissa |= 1L << 52;
        var exponent = exponentBits == 0 ? -1074 : exponentBits - 1075;
        // |value| = mantissa × 2^exponent; scaled = |value| × 10^digits, rounded half up.
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        BigInteger n;
        if (exponent >= 0) n = scaled << exponent;
        else
        {
            var denominator = BigInteger.One << -exponent;
            n = ((scaled << 1) + denominator) / (denominator << 1);
        }
        var text = n.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var result = digits == 0 ? text : text[..^digits] + "." + text[^digits..];
        return negative ? "-" + result : result;
    }

    private static object? ToStringRadix(EvalContext context, object? target, object?[] arguments, int position)
    {
        var value = (double)target!;
        var radix = Arguments.Integer(arguments, 0, 10);
        if (radix is < 2 or > 36) throw context.Error(position, "toString expects a radix between 2 and 36");
        if (radix == 10 || !double.IsFinite(value)) return NumberFormatter.Format(value);
        if (value != Math.Floor(value) || Math.Abs(value) > 9007199254740991)
            throw context.Error(position, "toString with a radix supports only safe integers");
        var magnitude = (long)Math.Abs(value);
        if (magnitude == 0) return "0";
        var builder = new StringBuilder();
        while (magnitude > 0)
        {
            builder.Insert(0, "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(magnitude % (long)radix)]);
            magnitude /= (long)radix;
        }
        if (value < 0) builder.Insert(0, '-');
        return builder.ToString();
    }
}
