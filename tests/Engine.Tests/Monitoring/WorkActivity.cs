using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Engine.Tests.Monitoring;

/// <summary>One planned attempt: how long it takes (on the manual clock), whether it fails, the tokens it reports.</summary>
public sealed record PlannedAttempt(int Milliseconds, bool Fail = false, int? Tokens = null);

public sealed class WorkInputs
{
    [Input(Required = true)] public string Key { get; set; } = "";
}

/// <summary>
/// Takes the next <see cref="PlannedAttempt"/> for its key: advances the test's <see cref="ManualClock"/> by its duration,
/// then fails (retryable) or completes, with <c>usage.totalTokens</c> in its output when planned, as ai.chat reports it.
/// </summary>
[Activity("monitor.work", Category = "Test")]
public sealed class WorkActivity : Activity<WorkInputs>
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<PlannedAttempt>> Plans = new();

    public static void Plan(string key, params PlannedAttempt[] attempts) => Plans[key] = new ConcurrentQueue<PlannedAttempt>(attempts);

    protected override ValueTask<ActivityResult> ExecuteAsync(WorkInputs inputs, ActivityContext context)
    {
        if (!Plans.TryGetValue(inputs.Key, out var plan) || !plan.TryDequeue(out var attempt))
            throw new InvalidOperationException($"No planned attempt left for '{inputs.Key}'.");
        ((ManualClock)context.Time).Advance(TimeSpan.FromMilliseconds(attempt.Milliseconds));
        if (attempt.Fail)
            throw new ActivityException("Transient", $"planned failure of {inputs.Key}");
        var output = new JsonObject { ["key"] = inputs.Key };
        if (attempt.Tokens is { } tokens)
            output["usage"] = new JsonObject { ["inputTokens"] = tokens - 2, ["outputTokens"] = 2, ["totalTokens"] = tokens };
        return ValueTask.FromResult(ActivityResult.Complete(output));
    }
}
