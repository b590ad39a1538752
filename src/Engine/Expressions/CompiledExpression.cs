using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// A parsed and compiled expression, immutable and safe to evaluate from many threads at once.
/// Get one from <see cref="ExpressionEngine.Compile"/> (cached by text).
/// </summary>
public sealed class CompiledExpression
{
    private readonly CompiledCode _code;
    private readonly ExpressionLimits _limits;
    private readonly string _source;

    internal CompiledExpression(string text, CompiledCode code, ExpressionLimits limits, string? source = null)
    {
        Text = text;
        _code = code;
        _limits = limits;
        _source = source ?? text;
    }

    /// <summary>The expression text as given to <see cref="ExpressionEngine.Compile"/>.</summary>
    public string Text { get; }

    /// <summary>The result as a new, parentless JSON tree (see <see cref="ExpressionValues.ToJson"/>).</summary>
    public JsonNode? Evaluate(IExpressionScope scope)
    {
        var context = EvalContext.Rent(scope, _limits, _source, _code.Slots);
        try
        {
            return ExpressionValues.ToJson(context, _code.Evaluate(context), 0, 0);
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    /// <summary>The result's JavaScript truthiness (false for null, false, 0, NaN and ""), without converting it to JSON.</summary>
    public bool EvaluateBoolean(IExpressionScope scope)
    {
        var context = EvalContext.Rent(scope, _limits, _source, _code.Slots);
        try
        {
            return Values.IsTruthy(_code.Evaluate(context));
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    /// <summary>
    /// The result in the engine's value model: null, bool, double, string, a <see cref="JsonNode"/>
    /// read from the scope (not cloned: it may have a parent, so don't attach it — use
    /// <see cref="ExpressionValues.ToJson"/>), an <see cref="IExpressionObject"/>, or an array or
    /// object the expression built (<see cref="IReadOnlyList{T}"/> / <see cref="IReadOnlyDictionary{TKey, TValue}"/> of such values).
    /// </summary>
    public object? EvaluateRaw(IExpressionScope scope)
    {
        var context = EvalContext.Rent(scope, _limits, _source, _code.Slots);
        try
        {
            return _code.Evaluate(context);
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    public override string ToString() => Text;
}
