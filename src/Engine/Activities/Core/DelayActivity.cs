using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>timer.delay</c>: suspends on a durable timer — for a duration or until a point in time —
/// so a delay survives restarts and holds no worker while it waits.
/// </summary>
[Activity("timer.delay", DisplayName = "Delay", Category = "Timing",
    Description = "Waits for a duration (\"00:05:00\", \"PT5M\" or seconds) or until a date-time, on a durable timer.")]
[Output("firedAt", ValueTypes.String, Description = "When the delay ended (ISO-8601).")]
public sealed class DelayActivity : Activity<DelayInputs>, IResumableActivity
{
    protected override ValueTask<ActivityResult> ExecuteAsync(DelayInputs inputs, ActivityContext context)
    {
        var now = context.Time.GetUtcNow();
        var dueAt = (inputs.Duration, inputs.Until) switch
        {
            ({ } duration, null) => duration <= TimeSpan.Zero ? now : now + duration,
            (null, { } until) => until,
            (null, null) => throw ActivityException.Validation($"Node '{context.NodeId}' needs a 'duration' or an 'until'."),
            _ => throw ActivityException.Validation($"Node '{context.NodeId}' has both 'duration' and 'until'; give one."),
        };

        return ValueTask.FromResult(dueAt <= now
            ? Fired(now)
            : ActivityResult.Suspend(Bookmark.ForTimer(dueAt)));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, BookmarkResumption resumption) =>
        resumption.Reason == ResumeReason.TimerElapsed
            ? ValueTask.FromResult(Fired(context.Time.GetUtcNow()))
            : throw UnexpectedResume.For(context, resumption);

    private static ActivityResult Fired(DateTimeOffset at) => ActivityResult.Complete(new JsonObject { ["firedAt"] = at });
}

public sealed class DelayInputs
{
    [Input(Type = ValueTypes.Any, UiHint = UiHints.Duration,
        Description = "How long to wait: \"00:00:05\", \"PT5S\" or a number of seconds. Zero or less completes at once.")]
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan? Duration { get; set; }

    [Input(Type = ValueTypes.String, UiHint = UiHints.Template,
        Description = "Wait until this ISO-8601 date-time instead (e.g. \"2030-01-01T09:00:00Z\"). A time in the past completes at once.")]
    public DateTimeOffset? Until { get; set; }
}
