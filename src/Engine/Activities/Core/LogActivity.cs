using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary><c>log</c>: writes a message to the instance's log at the chosen level.</summary>
[Activity("log", DisplayName = "Log", Category = "Diagnostics", Inline = true,
    Description = "Writes a message to the workflow log (and so to the console, traces and the dashboard).")]
[Output("message", ValueTypes.String, Description = "The message as written.")]
[Output("level", ValueTypes.String, Description = "The level it was written at.")]
public sealed class LogActivity : Activity<LogInputs>
{
    public static readonly IReadOnlyList<string> Levels = ["debug", "information", "warning", "error"];

    protected override ValueTask<ActivityResult> ExecuteAsync(LogInputs inputs, ActivityContext context)
    {
        var level = ParseLevel(inputs.Level, context.NodeId);
        var message = JsonText.Of(inputs.Message);
        context.Logger.Log(level, "{Message}", message);
        var output = new JsonObject { ["message"] = message, ["level"] = inputs.Level.ToLowerInvariant() };
        return ValueTask.FromResult(ActivityResult.Complete(output));
    }

    private static LogLevel ParseLevel(string level, string nodeId) => level.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "information" => LogLevel.Information,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw ActivityException.Validation(
            $"Input 'level' of node '{nodeId}' is '{level}'; use one of {string.Join(", ", LogActivity.Levels)}."),
    };
}

public sealed class LogInputs
{
    /// <summary>Any value: a string is written as is, anything else as JSON.</summary>
    [Input(Required = true, Type = ValueTypes.Any, UiHint = UiHints.Template,
        Description = "What to write; templates are resolved first (e.g. \"Loaded {{ nodes.load.output.count }} rows\"). Non-string values are written as JSON.")]
    public JsonNode? Message { get; set; }

    [Input(Options = ["debug", "information", "warning", "error"], Description = "Log level. Default: information.")]
    public string Level { get; set; } = "information";
}
