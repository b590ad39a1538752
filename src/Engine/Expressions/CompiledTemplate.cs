using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// A string with <c>{{ expr }}</c> parts, compiled. A template that is exactly one
/// <c>{{ expr }}</c> (whitespace around allowed) yields the expression's raw value; otherwise the
/// parts are interpolated as text (null → "", arrays and objects → JSON, numbers as JavaScript
/// writes them). A template without <c>{{</c> is its own text. Immutable and thread-safe.
/// </summary>
public sealed class CompiledTemplate
{
    private readonly TemplatePart[] _parts;
    private readonly ExpressionLimits _limits;
    private readonly int _slots;

    internal CompiledTemplate(string text, TemplatePart[] parts, ExpressionLimits limits)
    {
        Text = text;
        _parts = parts;
        _limits = limits;
        _slots = parts.Select(p => p.Code?.Slots ?? 0).DefaultIfEmpty(0).Max();
        var expressions = parts.Count(p => p.Code is not null);
        HasExpressions = expressions > 0;
        IsSingleExpression = expressions == 1 && parts.All(p => p.Code is not null || string.IsNullOrWhiteSpace(p.Literal));
        _single = IsSingleExpression ? parts.First(p => p.Code is not null) : null;
    }

    private readonly TemplatePart? _single;

    public string Text { get; }

    /// <summary>Exactly one <c>{{ expr }}</c> and nothing but whitespace around it: evaluates to the raw value.</summary>
    public bool IsSingleExpression { get; }

    public bool HasExpressions { get; }

    /// <summary>The single expression's code, when <see cref="IsSingleExpression"/>.</summary>
    internal CompiledCode? SingleExpression => _single?.Code;

    /// <summary>The value as a new, parentless JSON tree.</summary>
    public JsonNode? Evaluate(IExpressionScope scope)
    {
        if (!HasExpressions) return JsonValue.Create(Text);
        var context = EvalContext.Rent(scope, _limits, Text, _slots);
        try
        {
            if (_single is { } single) return ExpressionValues.ToJson(context, single.Code!.Evaluate(context), single.Position, 0);
            var builder = new TextBuilder(context, 0);
            foreach (var part in _parts)
            {
                if (part.Code is null) builder.Append(part.Literal!);
                else builder.Append(Conversions.ToTemplateText(context, part.Code.Evaluate(context), part.Position));
            }
            return JsonValue.Create(builder.ToString());
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    /// <summary>
    /// The JavaScript truthiness of what <see cref="Evaluate"/> would return, without building
    /// JSON (for conditions): a single expression's raw value, otherwise whether the text is non-empty.
    /// </summary>
    public bool EvaluateBoolean(IExpressionScope scope)
    {
        if (_single is null) return Values.IsTruthy(HasExpressions ? Evaluate(scope) : Text);
        var context = EvalContext.Rent(scope, _limits, Text, _slots);
        try
        {
            return Values.IsTruthy(_single.Code!.Evaluate(context));
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    public override string ToString() => Text;
}

/// <summary>A literal run of a template, or a <c>{{ }}</c> expression starting at <see cref="Position"/>.</summary>
internal sealed record TemplatePart(string? Literal, CompiledCode? Code, int Position);
