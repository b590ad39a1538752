using System.Text.Json.Serialization;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>signal.wait</c>: suspends until a named signal is sent to the instance. A signal sent
/// before the node gets here waits in the instance inbox, so the order of arrival never loses it.
/// The output is the signal's payload as sent (on <c>done</c>), or null (on <c>timeout</c>).
/// </summary>
[Activity("signal.wait", DisplayName = "Wait for signal", Category = "Timing",
    Description = "Waits for a named signal (e.g. a user's next message); its payload is the output. With a timeout, the 'timeout' port follows if none arrives in time.",
    Ports = [Ports.Done, TimeoutPort])]
public sealed class WaitForSignalActivity : Activity<WaitForSignalInputs>, IResumableActivity
{
    public const string TimeoutPort = "timeout";

    protected override ValueTask<ActivityResult> ExecuteAsync(WaitForSignalInputs inputs, ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(inputs.Signal))
            throw ActivityException.Validation($"Input 'signal' of node '{context.NodeId}' is required.");

        DateTimeOffset? timeoutAt = inputs.Timeout is { } timeout
            ? context.Time.GetUtcNow() + (timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout)
            : null;
        return ValueTask.FromResult(ActivityResult.Suspend(Bookmark.ForSignal(inputs.Signal, timeoutAt)));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, BookmarkResumption resumption) =>
        resumption.Reason switch
        {
            ResumeReason.Signal => ValueTask.FromResult(ActivityResult.Complete(resumption.Payload?.DeepClone())),
            ResumeReason.TimedOut => ValueTask.FromResult(ActivityResult.Complete(null, TimeoutPort)),
            _ => throw UnexpectedResume.For(context, resumption),
        };
}

public sealed class WaitForSignalInputs
{
    [Input(Required = true, UiHint = UiHints.Template, Description = "The signal's name, e.g. \"user-message\" or \"approval-{{ input.orderId }}\".")]
    public string Signal { get; set; } = "";

    [Input(Type = ValueTypes.Any, UiHint = UiHints.Duration,
        Description = "Give up after this long and follow the 'timeout' port: \"00:30:00\", \"PT30M\" or seconds. Default: wait forever.")]
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan? Timeout { get; set; }
}
