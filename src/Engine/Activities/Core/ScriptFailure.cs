using System.Text.Json.Nodes;
using Jint.Native;
using Jint.Parser;
using Jint.Runtime;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Turns what Jint throws into a <see cref="ErrorTypes.Script"/> failure a workflow author can act
/// on: which limit was hit, or the JavaScript error with its line, column and source line.
/// Script failures are never retried: the same code fails the same way.
/// </summary>
internal static class ScriptFailure
{
    public static ActivityException From(Exception ex, string code, ScriptLimits limits) => ex switch
    {
        TimeoutException => Fail($"The script timed out after {DurationParser.Describe(limits.Timeout)} (timeout).", null),
        StatementsCountOverflowException => Fail($"The script exceeded {limits.MaxStatements:N0} statements (maxStatements); is there an endless loop?", null),
        RecursionDepthOverflowException r => Fail(
            $"The script exceeded the recursion depth of {limits.MaxRecursion} (maxRecursion) in '{r.CallExpressionReference}'; is there an endless recursion?",
            null),
        JavaScriptException js => FromJavaScript(js, code),
        ParserException syntax => FromSyntax(syntax, code),
        OutOfMemoryException => Fail("The script ran out of memory.", null),
        ArgumentException when ex.StackTrace?.Contains(nameof(JavaScriptException), StringComparison.Ordinal) == true =>
            // Jint 2.10 fails to build its exception for a thrown object that has no string message.
            Fail("Uncaught: the script threw an object that is not an Error; throw new Error('…') to report a message.", null),
        _ => Fail($"The script failed: {ex.GetType().Name}: {ex.Message}", null),
    };

    public static ActivityException FromSyntax(ParserException ex, string code)
    {
        var column = ex.LineNumber == 1 ? ex.Column - ScriptRunner.Prefix.Length : ex.Column;
        var description = ex.Description ?? ex.Message;
        return Located("Syntax error", description, ex.LineNumber, column, code);
    }

    private static ActivityException FromJavaScript(JavaScriptException ex, string code)
    {
        // Jint reports 0-based columns for runtime errors, 1-based for syntax errors.
        var column = ex.Column + 1 - (ex.LineNumber == 1 ? ScriptRunner.Prefix.Length : 0);
        return Located("Uncaught", Describe(ex.Error, ex.Message), ex.LineNumber, column, code);
    }

    /// <summary>"TypeError: x is not a function", the thrown value as JSON, or the thrown string.</summary>
    private static string Describe(JsValue error, string fallback)
    {
        if (error.IsObject())
        {
            var obj = error.AsObject();
            var message = obj.Get("message");
            if (obj.HasProperty("message") || obj.Class == "Error")
            {
                var name = obj.Get("name") is { } n && n.IsString() ? n.AsString() : "Error";
                var text = message.IsString() ? message.AsString() : "";
                return text.Length > 0 ? $"{name}: {text}" : name;
            }
            try
            {
                var json = obj.Engine.Json.Stringify(JsValue.Undefined, [error]);
                if (json.IsString()) return json.AsString();
            }
            catch (JavaScriptException)
            {
                // cyclic: fall through
            }
        }
        var shown = error.IsUndefined() ? fallback : error.ToString();
        return string.IsNullOrEmpty(shown) ? "an error without a message" : shown;
    }

    private static ActivityException Located(string kind, string description, int line, int column, string code)
    {
        var lines = code.Split('\n');
        if (line < 1) return Fail($"{kind}: {description}", null);
        if (line > lines.Length)
            return Fail($"{kind} at the end of the script: {description}", new JsonObject { ["line"] = lines.Length });

        var source = lines[line - 1].Trim();
        if (source.Length > 120) source = source[..117] + "...";
        column = Math.Max(1, column);
        return Fail(
            $"{kind} at line {line}, column {column}: {description} — {source}",
            new JsonObject { ["line"] = line, ["column"] = column, ["source"] = source });
    }

    private static ActivityException Fail(string message, JsonObject? details) =>
        new(ErrorTypes.Script, message, retryable: false, details);
}
