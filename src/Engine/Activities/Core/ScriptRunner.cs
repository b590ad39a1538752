using System.Text.Json.Nodes;
using JintEngine = Jint.Engine;
using Jint.Native;
using Jint.Parser;
using Microsoft.Extensions.Logging;
using JintProgram = Jint.Parser.Ast.Program;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Runs <c>script.js</c> code on Jint 2.10 (ES5.1): parsed once per distinct text, a fresh
/// engine per run (no state leaks between runs), no CLR access, and the arguments and the
/// result crossing the boundary as JSON.
/// </summary>
/// <remarks>
/// Each run gets its own thread with a large stack. Jint 2.10's parser and interpreter recurse on
/// the thread's stack without guard, and a stack overflow ends the whole process: on a 1.5 MB
/// thread-pool stack a few hundred nested calls or a thousand nested brackets are enough.
/// <see cref="StackSize"/> together with <see cref="MaxScriptLength"/> and
/// <see cref="ScriptLimits.RecursionCeiling"/> keeps accidental nesting well inside it (the stack
/// is reserved, not committed, so idle depth costs nothing).
/// <para>
/// Jint 2.10 has no cancellation hook and no memory limit. Cancellation therefore returns to
/// the caller at once while the abandoned script stops itself at its timeout or statement limit;
/// memory is bounded only indirectly, by those two limits.
/// </para>
/// </remarks>
internal sealed class ScriptRunner(ParsedScriptCache cache)
{
    /// <summary>Reserved stack of a script thread: 64 MB.</summary>
    public const int StackSize = 64 * 1024 * 1024;

    /// <summary>The longest script accepted, in characters: 64 Ki.</summary>
    public const int MaxScriptLength = 64 * 1024;

    /// <summary>
    /// The code runs inside a function so that <c>return</c> works and its variables stay local.
    /// The prefix shares the script's first line, so line numbers need no correction.
    /// </summary>
    internal const string Prefix = "(function (args) {";
    private const string Suffix = "\n})(args)";

    public ParsedScriptCache Cache => cache;

    public Task<JsonNode?> RunAsync(string code, JsonObject arguments, ScriptLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var argumentsJson = arguments.ToJsonString();
        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.TrySetResult(Run(code, argumentsJson, limits, logger));
            }
            catch (Exception ex) // the thread must hand every failure to the awaiting caller
            {
                completion.TrySetException(ex);
            }
        }, StackSize)
        {
            IsBackground = true,
            Name = "weft script.js",
        };
        thread.Start();
        return completion.Task.WaitAsync(cancellationToken);
    }

    private JsonNode? Run(string code, string argumentsJson, ScriptLimits limits, ILogger logger)
    {
        var program = cache.GetOrParse(code, Parse);
        var engine = new JintEngine(options => options
            .TimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitRecursion(limits.MaxRecursion));
        try
        {
            engine.SetValue("args", engine.Json.Parse(JsValue.Undefined, [argumentsJson]));
            ScriptConsole.Install(engine, logger);
            engine.Execute(program);
            var json = engine.Json.Stringify(JsValue.Undefined, [engine.GetCompletionValue()]);
            return json.IsString() ? JsonNode.Parse(json.AsString()) : null; // undefined and functions give null
        }
        catch (Exception ex) when (ex is not ActivityException)
        {
            throw ScriptFailure.From(ex, code, limits);
        }
    }

    private static JintProgram Parse(string code)
    {
        try
        {
            return new JavaScriptParser().Parse(Prefix + code + Suffix, new ParserOptions { Source = "script" });
        }
        catch (ParserException ex)
        {
            throw ScriptFailure.FromSyntax(ex, code);
        }
    }
}
