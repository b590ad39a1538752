using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary><c>flow.if</c>: completes on <c>true</c> or <c>false</c> by the JavaScript truthiness of its condition.</summary>
[Activity("flow.if", DisplayName = "If", Category = "Flow", Inline = true,
    Description = "Branches on a condition: the 'true' port when it is truthy, else 'false' (false, 0, \"\", null and NaN are false).",
    Ports = [TruePort, FalsePort])]
[Output("result", ValueTypes.Boolean, Description = "The condition as a boolean.")]
public sealed class IfActivity : Activity<IfInputs>
{
    public const string TruePort = "true";
    public const string FalsePort = "false";

    protected override ValueTask<ActivityResult> ExecuteAsync(IfInputs inputs, ActivityContext context)
    {
        var result = JsTruthiness.IsTruthy(inputs.Condition);
        return ValueTask.FromResult(ActivityResult.Complete(new JsonObject { ["result"] = result }, result ? TruePort : FalsePort));
    }
}

public sealed class IfInputs
{
    [Input(Required = true, Type = ValueTypes.Any, UiHint = UiHints.Template,
        Description = "The condition, usually a template such as \"{{ nodes.check.output.score > 0.8 }}\".")]
    public JsonNode? Condition { get; set; }
}
