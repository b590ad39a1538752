using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Expressions;

namespace Weft.Engine.Tests.Expressions;

/// <summary>A typical scope and helpers that evaluate an expression and return its JSON text.</summary>
internal static class ExpressionTestData
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static DictionaryScope Scope() => new DictionaryScope()
        .Set("input", JsonNode.Parse("""
            {
              "name": "Ada", "age": 36, "tags": ["a", "b"], "address": { "city": "London" }, "nothing": null,
              "items": [ { "id": 1, "price": 2.5, "qty": 2 }, { "id": 2, "price": 10, "qty": 1 } ]
            }
            """))
        .Set("vars", JsonNode.Parse("""{ "n": 5, "flag": true, "empty": "", "zero": 0, "list": [3, 1, 2] }"""));

    /// <summary>Evaluates <paramref name="expression"/> and returns the result as JSON text ("null" for null).</summary>
    public static string Eval(string expression, IExpressionScope? scope = null) =>
        Text(ExpressionEngine.Default.Compile(expression).Evaluate(scope ?? Scope()));

    public static object? Raw(string expression, IExpressionScope? scope = null) =>
        ExpressionEngine.Default.Compile(expression).EvaluateRaw(scope ?? Scope());

    public static string Template(string template, IExpressionScope? scope = null) =>
        Text(ExpressionEngine.Default.CompileTemplate(template).Evaluate(scope ?? Scope()));

    public static string Text(JsonNode? node) => node is null ? "null" : node.ToJsonString(Readable);

    /// <summary>The exception an evaluation throws (compile or run time).</summary>
    public static T Fails<T>(string expression, IExpressionScope? scope = null) where T : ExpressionException =>
        Should.Throw<T>(() => ExpressionEngine.Default.Compile(expression).Evaluate(scope ?? Scope()));
}
