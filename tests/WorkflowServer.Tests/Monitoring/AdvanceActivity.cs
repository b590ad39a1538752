using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.WorkflowServer.Tests.Monitoring;

public sealed class AdvanceInputs
{
    [Input] public int Milliseconds { get; set; }

    /// <summary>Attempts 1..n fail (retryably); later ones complete.</summary>
    [Input] public int FailAttempts { get; set; }

    /// <summary>Reported as usage.totalTokens, the way ai.chat does, when above 0.</summary>
    [Input] public int Tokens { get; set; }
}

/// <summary>Takes exactly <c>milliseconds</c> on the server's <see cref="ManualClock"/>, then fails or completes as planned.</summary>
[Activity("test.advance", Category = "Test")]
public sealed class AdvanceActivity : Activity<AdvanceInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(AdvanceInputs inputs, ActivityContext context)
    {
        ((ManualClock)context.Time).Advance(TimeSpan.FromMilliseconds(inputs.Milliseconds));
        if (context.Attempt <= inputs.FailAttempts)
            throw new ActivityException("Transient", $"planned failure of attempt {context.Attempt}");
        var output = new JsonObject { ["took"] = inputs.Milliseconds };
        if (inputs.Tokens > 0)
            output["usage"] = new JsonObject { ["inputTokens"] = inputs.Tokens, ["outputTokens"] = 0, ["totalTokens"] = inputs.Tokens };
        return ValueTask.FromResult(ActivityResult.Complete(output));
    }
}
