using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Engine.Tests.Runtime;

/// <summary>Activities whose behaviour tests control: failing a set number of times, taking time, counting runs.</summary>
internal static class TestActivities
{
    public static void Register(ActivityRegistry registry) =>
        registry.Add<FlakyActivity>().Add<SleepActivity>().Add<HangActivity>().Add<CountActivity>().Add<EmitActivity>();

    /// <summary>Executions per key, across attempts and instances (keys include a per-test guid).</summary>
    public static readonly ConcurrentDictionary<string, int> Runs = new();

    /// <summary>(key, start, end) of every sleep, to check overlap.</summary>
    public static readonly ConcurrentBag<(string Key, DateTimeOffset Start, DateTimeOffset End)> Sleeps = [];

    /// <summary>Attempt start times per key.</summary>
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> AttemptTimes = new();
}

public sealed class FlakyInputs
{
    [Input(Required = true)] public string Key { get; set; } = "";
    [Input] public int FailTimes { get; set; }
    [Input] public string ErrorType { get; set; } = "Transient";
}

/// <summary>Fails its first <c>failTimes</c> executions for a key, then completes with the attempt number.</summary>
[Activity("test.flaky", Category = "Test")]
public sealed class FlakyActivity : Activity<FlakyInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(FlakyInputs inputs, ActivityContext context)
    {
        TestActivities.AttemptTimes.GetOrAdd(inputs.Key, _ => new()).Enqueue(context.Time.GetUtcNow());
        var run = TestActivities.Runs.AddOrUpdate(inputs.Key, 1, (_, n) => n + 1);
        if (run <= inputs.FailTimes) throw new ActivityException(inputs.ErrorType, $"planned failure {run} of {inputs.FailTimes}");
        return ValueTask.FromResult(ActivityResult.Complete(new JsonObject { ["attempt"] = context.Attempt, ["run"] = run }));
    }
}

public sealed class SleepInputs
{
    [Input] public string Key { get; set; } = "";
    [Input] public int Milliseconds { get; set; } = 100;
}

/// <summary>Waits, honouring cancellation, and records when it ran.</summary>
[Activity("test.sleep", Category = "Test")]
public sealed class SleepActivity : Activity<SleepInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(SleepInputs inputs, ActivityContext context)
    {
        var start = DateTimeOffset.UtcNow;
        TestActivities.Runs.AddOrUpdate(inputs.Key, 1, (_, n) => n + 1);
        await Task.Delay(inputs.Milliseconds, context.CancellationToken);
        TestActivities.Sleeps.Add((inputs.Key, start, DateTimeOffset.UtcNow));
        return ActivityResult.Complete(new JsonObject { ["slept"] = inputs.Milliseconds });
    }
}

/// <summary>Ignores cancellation entirely: only the runtime's timeout can stop waiting for it.</summary>
[Activity("test.hang", Category = "Test")]
public sealed class HangActivity : Activity<SleepInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(SleepInputs inputs, ActivityContext context)
    {
        TestActivities.AttemptTimes.GetOrAdd(inputs.Key, _ => new()).Enqueue(DateTimeOffset.UtcNow);
        await Task.Delay(inputs.Milliseconds, CancellationToken.None);
        return ActivityResult.Complete();
    }
}

public sealed class CountInputs
{
    [Input(Required = true)] public string Key { get; set; } = "";
}

/// <summary>Counts its executions per key and outputs the count.</summary>
[Activity("test.count", Category = "Test")]
public sealed class CountActivity : Activity<CountInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(CountInputs inputs, ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(new JsonObject { ["count"] = TestActivities.Runs.AddOrUpdate(inputs.Key, 1, (_, n) => n + 1) }));
}

/// <summary>An inline activity that emits a live event (as <c>http.respond</c> does): <c>test.emitted</c> with its node id.</summary>
[Activity("test.emit", Category = "Test", Inline = true)]
public sealed class EmitActivity : Activity<CountInputs>
{
    public const string EventType = "test.emitted";

    protected override async ValueTask<ActivityResult> ExecuteAsync(CountInputs inputs, ActivityContext context)
    {
        await context.EmitAsync(EventType, new JsonObject { ["key"] = inputs.Key });
        return ActivityResult.Complete();
    }
}
