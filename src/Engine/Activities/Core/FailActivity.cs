using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary><c>flow.fail</c>: fails the node — and, with <c>onError: fail</c>, the instance — with a chosen error. Never retried.</summary>
[Activity("flow.fail", DisplayName = "Fail", Category = "Flow", Ports = [], Inline = true,
    Description = "Fails with a message, an error type that retry policies and error routes can match, and optional details.")]
public sealed class FailActivity : Activity<FailInputs>
{
    public const string DefaultErrorType = "WorkflowFailed";

    protected override ValueTask<ActivityResult> ExecuteAsync(FailInputs inputs, ActivityContext context)
    {
        var errorType = string.IsNullOrWhiteSpace(inputs.ErrorType) ? DefaultErrorType : inputs.ErrorType;
        var message = JsonText.Of(inputs.Message);
        if (message.Length == 0) message = $"Workflow failed at node '{context.NodeId}'.";
        throw new ActivityException(errorType, message, retryable: false, details: inputs.Details?.DeepClone());
    }
}

public sealed class FailInputs
{
    [Input(Required = true, Type = ValueTypes.Any, UiHint = UiHints.Template, Description = "Why the workflow fails; templates are resolved first.")]
    public JsonNode? Message { get; set; }

    [Input(UiHint = UiHints.Text, Description = "The error type (matched by retry policies' nonRetryable and shown in the error). Default: WorkflowFailed.")]
    public string ErrorType { get; set; } = FailActivity.DefaultErrorType;

    [Input(Description = "Any value kept with the error (e.g. the offending record).")]
    public JsonNode? Details { get; set; }
}
