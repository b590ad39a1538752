using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>workflow.run</c>: starts a child instance and, by default, waits for it to end. The
/// child's id is derived from the attempt's idempotency key, so an attempt re-run after a crash
/// finds the child it already started instead of starting a second one.
/// </summary>
[Activity("workflow.run", DisplayName = "Run workflow", Category = "Workflows",
    Description = "Starts another workflow as a child. With wait (the default) the node ends when the child does, with the child's output; a child that does not complete fails the node.")]
[Output("instanceId", ValueTypes.String, Description = "wait=false: the child instance's id. wait=true: the output is the child's output.")]
public sealed class RunWorkflowActivity : Activity<RunWorkflowInputs>, IResumableActivity
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(RunWorkflowInputs inputs, ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(inputs.DefinitionId))
            throw ActivityException.Validation($"Input 'definitionId' of node '{context.NodeId}' is required.");

        var request = new StartRequest
        {
            DefinitionId = inputs.DefinitionId,
            Version = inputs.Version,
            Input = (JsonObject?)inputs.Input?.DeepClone(),
            AllowDraft = true,
            InstanceId = ChildInstanceId(context.IdempotencyKey),
            ParentInstanceId = context.InstanceId,
            ParentNodeId = context.NodeId,
        };

        StartResult started;
        try
        {
            started = await context.Workflows.StartAsync(request, context.CancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowStartException ex)
        {
            var details = new JsonObject { ["definitionId"] = inputs.DefinitionId, ["field"] = ex.Field };
            throw new ActivityException(ErrorTypes.Validation,
                $"Node '{context.NodeId}' could not start workflow '{inputs.DefinitionId}': {ex.Message}", retryable: false, details, ex);
        }

        if (!inputs.Wait)
            return ActivityResult.Complete(new JsonObject { ["instanceId"] = started.InstanceId });

        // A re-run after a crash may find the child already ended: its end was reported to a
        // bookmark that no longer exists, so read the outcome instead of waiting for it.
        if (started.Status.IsFinal()
            && await context.Workflows.GetAsync(started.InstanceId, context.CancellationToken).ConfigureAwait(false) is { } snapshot)
            return Outcome(context, ChildEnd.FromSnapshot(snapshot));

        return ActivityResult.Suspend(Bookmark.ForChild(started.InstanceId));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, BookmarkResumption resumption) =>
        resumption.Reason == ResumeReason.ChildEnded
            ? ValueTask.FromResult(Outcome(context, ChildEnd.FromPayload(bookmark.Name, resumption.Payload)))
            : throw UnexpectedResume.For(context, resumption);

    /// <summary>The child instance id a node attempt uses: a name-based UUID of its idempotency key.</summary>
    public static string ChildInstanceId(string idempotencyKey) => DeterministicId.ForChildInstance(idempotencyKey);

    private static ActivityResult Outcome(ActivityContext context, ChildEnd end)
    {
        if (string.Equals(end.Status, nameof(InstanceStatus.Completed), StringComparison.OrdinalIgnoreCase))
            return ActivityResult.Complete(end.Output?.DeepClone());

        var reason = end.ErrorMessage is { Length: > 0 } m ? $": {m}" : ".";
        throw new ActivityException(ErrorTypes.ChildFailed,
            $"Child workflow instance '{end.InstanceId}' of node '{context.NodeId}' ended {end.Status}{reason}",
            retryable: false, details: end.Payload);
    }
}

public sealed class RunWorkflowInputs
{
    [Input(Required = true, UiHint = UiHints.Text, Description = "The id of the workflow definition to start.")]
    public string DefinitionId { get; set; } = "";

    [Input(Description = "A specific version. Default: the published version, else the latest saved one.")]
    public int? Version { get; set; }

    [Input(Description = "The child's input object, e.g. { \"documentId\": \"{{ item.id }}\" }.")]
    public JsonObject? Input { get; set; }

    [Input(Description = "Wait for the child to end and output its output (true), or continue at once with { instanceId } (false). Default: true.")]
    public bool Wait { get; set; } = true;
}
