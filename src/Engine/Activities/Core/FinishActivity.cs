using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary><c>flow.finish</c>: completes the whole instance now with an output; other running branches are cancelled.</summary>
[Activity("flow.finish", DisplayName = "Finish", Category = "Flow", Inline = true,
    Description = "Ends the workflow as Completed with the given output; other branches still running are cancelled.")]
public sealed class FinishActivity : Activity<FinishInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(FinishInputs inputs, ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Finish(inputs.Output?.DeepClone()));
}

public sealed class FinishInputs
{
    [Input(Description = "The workflow's output, e.g. \"{{ nodes.answer.output }}\" or a JSON object with templates inside.")]
    public JsonNode? Output { get; set; }
}
