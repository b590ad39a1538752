namespace Weft.Engine.Expressions;

/// <summary><c>Math.*</c>. Deliberately no <c>Math.random</c>: evaluation is deterministic (replays must agree).</summary>
internal static class MathFunctions
{
    public static IEnumerable<Builtin> All { get; } =
    [
        Unary("abs", Math.Abs),
        Unary("ceil", Math.Ceiling),
        Unary("floor", Math.Floor),
        Unary("round", Round),
        Unary("sqrt", Math.Sqrt),
        Unary("cbrt", Math.Cbrt),
        Unary("sign", x => double.IsNaN(x) ? double.NaN : x == 0 ? x : Math.Sign(x)),
        Unary("trunc", Math.Truncate),
        Unary("log", Math.Log),
        Unary("log10", Math.Log10),
        Unary("log2", Math.Log2),
        Unary("exp", Math.Exp),
        new("Math.pow", (c, t, a, p) => Values.Box(Operators.Power(Arguments.Number(a, 0), Arguments.Number(a, 1)))),
        new("Math.max", (c, t, a, p) => Extreme(c, a, p, max: true)),
        new("Math.min", (c, t, a, p) => Extreme(c, a, p, max: false)),
    ];

    public static IEnumerable<KeyValuePair<string, object?>> Constants { get; } =
    [
        new("Math.PI", Math.PI),
        new("Math.E", Math.E),
        new("Math.LN2", Math.Log(2)),
        new("Math.LN10", Math.Log(10)),
        new("Math.SQRT2", Math.Sqrt(2)),
    ];

    private static Builtin Unary(string name, Func<double, double> function) =>
        new("Math." + name, (c, t, a, p) => Values.Box(function(Arguments.Number(a, 0))));

    /// <summary>JavaScript rounding: halves go up (towards +Infinity), so Math.round(-2.5) is -2.</summary>
    private static double Round(double x)
    {
        if (!double.IsFinite(x)) return x;
        var floor = Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor;
    }

    private static object Extreme(EvalContext context, object?[] arguments, int position, bool max)
    {
        context.Charge(arguments.Length, position);
        var result = max ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var argument in arguments)
        {
            var x = Conversions.ToNumber(argument);
            if (double.IsNaN(x)) return double.NaN;
            result = max ? Math.Max(result, x) : Math.Min(result, x);
        }
        return Values.Box(result);
    }
}
