using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// Weft's expression language: the expression subset of JavaScript (literals, template literals,
/// arrays, objects, <c>. ?. []</c>, arithmetic, comparison, <c>&amp;&amp; || ?? ?: !</c>, arrow
/// functions as arguments, and a fixed library) — no statements, assignment, <c>new</c>,
/// <c>this</c> or CLR access, so it is safe by construction. Compiled expressions and templates
/// are cached by text. See docs in each type for semantics that differ from JavaScript:
/// <c>==</c> is strict like <c>===</c>; null and undefined are one value; objects convert to text as JSON.
/// </summary>
public sealed class ExpressionEngine
{
    private const int CacheCapacity = 10_000;

    private readonly BoundedCache<CompiledExpression> _expressions = new(CacheCapacity);
    private readonly BoundedCache<CompiledTemplate> _templates = new(CacheCapacity);

    // Created once: a method group or lambda passed on each call would allocate a delegate per lookup.
    private readonly Func<string, CompiledExpression> _compileExpression;
    private readonly Func<string, CompiledTemplate> _compileTemplate;

    public ExpressionEngine(ExpressionLimits? limits = null)
    {
        Limits = limits ?? ExpressionLimits.Default;
        _compileExpression = CompileExpression;
        _compileTemplate = text => TemplateCompiler.Compile(text, Limits);
    }

    /// <summary>An engine with <see cref="ExpressionLimits.Default"/>.</summary>
    public static ExpressionEngine Default { get; } = new();

    public ExpressionLimits Limits { get; }

    /// <summary>
    /// Compiles (or returns the cached) expression. Throws <see cref="ExpressionSyntaxException"/>.
    /// For convenience an expression written as a template, <c>{{ expr }}</c>, is accepted too.
    /// </summary>
    public CompiledExpression Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return _expressions.GetOrAdd(expression, _compileExpression);
    }

    private CompiledExpression CompileExpression(string expression)
    {
        if (expression.AsSpan().TrimStart().StartsWith(TemplateCompiler.Open, StringComparison.Ordinal))
        {
            var template = CompileTemplate(expression);
            if (template.SingleExpression is not { } single)
                throw new ExpressionSyntaxException("Expected one expression, optionally written as '{{ expr }}', with no text around it", expression, 0);
            return new CompiledExpression(expression, single, Limits);
        }
        if (expression.Length > Limits.MaxExpressionLength)
            throw new ExpressionSyntaxException($"The expression is longer than {Limits.MaxExpressionLength} characters (MaxExpressionLength)", expression, 0);
        var node = Parser.ParseExpression(expression, 0, expression.Length, Limits);
        return new CompiledExpression(expression, Compiler.Compile(node, expression), Limits);
    }

    /// <summary>Compiles (or returns the cached) template. Throws <see cref="ExpressionSyntaxException"/> with the position within the template.</summary>
    public CompiledTemplate CompileTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return _templates.GetOrAdd(template, _compileTemplate);
    }

    /// <summary>True when <paramref name="text"/> contains <c>{{</c>, i.e. is evaluated as a template.</summary>
    public static bool ContainsTemplate(string text) => text.Contains(TemplateCompiler.Open, StringComparison.Ordinal);

    /// <summary>
    /// Evaluates a JSON value: every string containing <c>{{</c>, at any depth of objects and
    /// arrays, is evaluated as a template; everything else is copied. The result is a new,
    /// parentless tree. Object keys are never evaluated.
    /// </summary>
    public JsonNode? EvaluateValue(JsonNode? value, IExpressionScope scope)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var result = new JsonObject(obj.Options);
                foreach (var (key, item) in obj) result[key] = EvaluateValue(item, scope);
                return result;
            }
            case JsonArray array:
            {
                var result = new JsonArray(array.Options);
                foreach (var item in array) result.Add(EvaluateValue(item, scope));
                return result;
            }
            default:
                return TemplateText(value) is { } template ? CompileTemplate(template).Evaluate(scope) : value.DeepClone();
        }
    }

    /// <summary>
    /// The syntax errors of every template inside <paramref name="value"/>, each with its JSON path
    /// (<paramref name="basePath"/> + <c>.key</c> / <c>[i]</c>) and the position within the string.
    /// </summary>
    public IReadOnlyList<TemplateError> Check(JsonNode? value, string basePath)
    {
        var errors = new List<TemplateError>();
        CheckNode(value, basePath, errors);
        return errors;
    }

    private void CheckNode(JsonNode? value, string path, List<TemplateError> errors)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, item) in obj) CheckNode(item, PropertyPath(path, key), errors);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) CheckNode(array[i], $"{path}[{i}]", errors);
                break;
            case JsonValue when TemplateText(value) is { } template:
                try
                {
                    CompileTemplate(template);
                }
                catch (ExpressionSyntaxException ex)
                {
                    errors.Add(new TemplateError(path, ex.Position, ex.Description));
                }
                break;
        }
    }

    private static string PropertyPath(string path, string key)
    {
        var simple = key.Length > 0 && Lexer.IsIdentifierStart(key[0]) && key.All(Lexer.IsIdentifierPart);
        if (!simple) return $"{path}[{JsonSerializer.Serialize(key)}]";
        return path.Length == 0 ? key : $"{path}.{key}";
    }

    private static string? TemplateText(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String && Values.FromJsonValue(v) is string s && ContainsTemplate(s) ? s : null;
}
