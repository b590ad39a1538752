using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>What the arithmetic, comparison and unary operators do (JavaScript semantics, see each).</summary>
internal static class Operators
{
    /// <summary>Numbers add; if either side is a string, array or object, both are converted to text and concatenated.</summary>
    public static object Add(EvalContext context, object? left, object? right, int position)
    {
        if (left is double x && right is double y) return Values.Box(x + y);
        if (left is string || right is string || IsComposite(left) || IsComposite(right))
        {
            var a = Conversions.ToJsString(context, left, position);
            var b = Conversions.ToJsString(context, right, position);
            if (a.Length == 0) return b;
            if (b.Length == 0) return a;
            context.ReserveString((long)a.Length + b.Length, position);
            return string.Concat(a, b);
        }
        return Values.Box(Conversions.ToNumber(left) + Conversions.ToNumber(right));
    }

    private static bool IsComposite(object? value) => value is JsonArray or JsonObject or ArrayValue or ObjectValue or IExpressionObject;

    public static object Arithmetic(string op, object? left, object? right)
    {
        var x = left is double l ? l : Conversions.ToNumber(left);
        var y = right is double r ? r : Conversions.ToNumber(right);
        return Values.Box(op switch
        {
            "-" => x - y,
            "*" => x * y,
            "/" => x / y,
            "%" => x % y, // C#'s % on doubles is JavaScript's (truncating) remainder
            "**" => Power(x, y),
            _ => throw new InvalidOperationException($"Unknown arithmetic operator {op}"),
        });
    }

    /// <summary>Math.pow with JavaScript's edge cases: 1 ** NaN and (±1) ** ±Infinity are NaN.</summary>
    public static double Power(double x, double y)
    {
        if (double.IsNaN(y)) return double.NaN;
        if (Math.Abs(x) == 1 && double.IsInfinity(y)) return double.NaN;
        return Math.Pow(x, y);
    }

    public static object Relational(string op, object? left, object? right)
    {
        var comparison = Conversions.Compare(left, right);
        if (comparison is not { } c) return Values.False;
        return Values.Box(op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            _ => throw new InvalidOperationException($"Unknown relational operator {op}"),
        });
    }
}
