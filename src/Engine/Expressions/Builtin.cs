namespace Weft.Engine.Expressions;

/// <summary>A library function or method: <paramref name="target"/> is the receiver of a method (null for a function).</summary>
internal delegate object? BuiltinImplementation(EvalContext context, object? target, object?[] arguments, int position);

/// <summary>
/// One entry of the fixed library. <see cref="CallbackArguments"/> is a bit mask of the argument
/// positions that may be arrow functions (bit 0 = first argument); the compiler rejects an arrow
/// anywhere else.
/// </summary>
internal sealed record Builtin(string Name, BuiltinImplementation Invoke, int CallbackArguments = 0);

/// <summary>Reading arguments the way JavaScript does (missing ones are undefined, i.e. null here).</summary>
internal static class Arguments
{
    public static object? At(object?[] arguments, int index) => index < arguments.Length ? arguments[index] : null;

    public static bool Has(object?[] arguments, int index) => index < arguments.Length && arguments[index] is not null;

    public static string String(EvalContext context, object?[] arguments, int index, int position) =>
        Conversions.ToJsString(context, At(arguments, index), position);

    public static double Number(object?[] arguments, int index) => Conversions.ToNumber(At(arguments, index));

    /// <summary>ToIntegerOrInfinity of the argument, or <paramref name="fallback"/> when it is missing.</summary>
    public static double Integer(object?[] arguments, int index, double fallback) =>
        Has(arguments, index) ? Conversions.ToInteger(arguments[index]) : fallback;

    public static Lambda Callback(EvalContext context, object?[] arguments, int index, string method, int position) =>
        At(arguments, index) as Lambda
        ?? throw context.Error(position, $"{method} expects a function as argument {index + 1}, e.g. {method}(x => …), but got {Values.TypeName(At(arguments, index))}");

    /// <summary>A relative index (negative counts from the end) clamped to 0..length, as slice and friends use.</summary>
    public static int RelativeIndex(double index, int length)
    {
        if (index < 0) return (int)Math.Max(0, length + index);
        return (int)Math.Min(index, length);
    }
}
