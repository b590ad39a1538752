using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>script.js</c>: runs JavaScript (ES5.1, on Jint 2.10) for the glue that expressions cannot
/// say. The script sees <c>args</c> (the <c>arguments</c> input as plain JS values) and
/// <c>log(...)</c> / <c>console.*</c>, and <c>return</c>s its result: the returned value, converted
/// to JSON as <c>JSON.stringify</c> would, is the node's output as is (not wrapped); returning
/// nothing outputs null.
/// </summary>
/// <remarks>
/// The <c>script</c> input is lazy — code, not a template — so <c>{{ }}</c> inside it (e.g. in a
/// string) stays as written; pass data through <c>arguments</c>, whose values are templates.
/// The sandbox has no CLR, file, network or module access. Failures (syntax errors, uncaught
/// exceptions, limits) are <see cref="ErrorTypes.Script"/> errors and are never retried.
/// See <see cref="ScriptRunner"/> for what Jint 2.10 cannot limit (memory, cancellation).
/// </remarks>
[Activity("script.js", DisplayName = "Run JavaScript", Category = "Scripting",
    Description = "Runs an ES5.1 script with args and log(...); the value it returns is the output. Limited in time, statements and recursion.")]
public sealed class RunScriptActivity : Activity<RunScriptInputs>
{
    /// <summary>Distinct scripts kept parsed. Default: 256.</summary>
    public const int ParsedScriptCapacity = 256;

    private readonly ScriptRunner _runner = new(new ParsedScriptCache(ParsedScriptCapacity));

    internal ParsedScriptCache Cache => _runner.Cache;

    protected override async ValueTask<ActivityResult> ExecuteAsync(RunScriptInputs inputs, ActivityContext context)
    {
        var limits = Validate(inputs, context.NodeId);
        var output = await _runner.RunAsync(inputs.Script, inputs.Arguments ?? [], limits, context.Logger, context.CancellationToken)
            .ConfigureAwait(false);
        return ActivityResult.Complete(output);
    }

    private static ScriptLimits Validate(RunScriptInputs inputs, string nodeId)
    {
        if (string.IsNullOrWhiteSpace(inputs.Script))
            throw ActivityException.Validation($"Input 'script' of node '{nodeId}' is empty.");
        if (inputs.Script.Length > ScriptRunner.MaxScriptLength)
            throw ActivityException.Validation($"The script of node '{nodeId}' has {inputs.Script.Length:N0} characters; the limit is {ScriptRunner.MaxScriptLength:N0}.");
        if (inputs.Timeout <= TimeSpan.Zero)
            throw ActivityException.Validation($"Input 'timeout' of node '{nodeId}' must be positive.");
        if (inputs.MaxStatements < 1)
            throw ActivityException.Validation($"Input 'maxStatements' of node '{nodeId}' must be at least 1.");
        if (inputs.MaxRecursion is < 1 or > ScriptLimits.RecursionCeiling)
            throw ActivityException.Validation($"Input 'maxRecursion' of node '{nodeId}' must be between 1 and {ScriptLimits.RecursionCeiling}.");
        return new ScriptLimits(inputs.Timeout, inputs.MaxStatements, inputs.MaxRecursion);
    }
}

public sealed class RunScriptInputs
{
    [Input(Required = true, Lazy = true, Type = ValueTypes.String, UiHint = UiHints.Code,
        Description = "ES5.1 code; `return` the result. Reads args (the arguments) and may call log(...). Not a template: pass data through arguments.")]
    public string Script { get; set; } = "";

    [Input(Description = "Values the script reads as args, e.g. { \"items\": \"{{ nodes.load.output.items }}\" }. Default: {}.")]
    public JsonObject? Arguments { get; set; } = [];

    [Input(Type = ValueTypes.Any, UiHint = UiHints.Duration,
        Description = "Wall-clock limit of one run: \"00:00:05\", \"PT5S\" or seconds. Default: 5 seconds.")]
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>10 million statements take well under a second in a tight loop, far more than glue code needs.</summary>
    [Input(Description = "Most statements one run may execute; stops endless loops early. Default: 10000000.")]
    public int MaxStatements { get; set; } = 10_000_000;

    [Input(Description = "Deepest function call nesting (1–1000). Default: 256.")]
    public int MaxRecursion { get; set; } = 256;
}
