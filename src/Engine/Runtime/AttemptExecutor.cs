using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Expressions;
using Weft.Engine.Model;

namespace Weft.Engine.Runtime;

/// <summary>
/// Runs one attempt of an activity on the thread pool, enforcing the node's attempt timeout and
/// heartbeat timeout even when the activity ignores its cancellation token, and turns whatever
/// happened into an <see cref="AttemptOutcome"/>. Never throws.
/// </summary>
internal static class AttemptExecutor
{
    /// <summary>How often a heartbeat timeout is checked, at most.</summary>
    private static readonly TimeSpan MaxWatchInterval = TimeSpan.FromSeconds(1);

    public static async Task<AttemptOutcome> RunAsync(
        Func<ActivityContext, ValueTask<ActivityResult>> call,
        NodeActivityHost host,
        NodeDefinition node,
        JsonObject inputs,
        int attempt,
        CancellationToken instanceToken,
        TimeProvider time)
    {
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(instanceToken);
        var context = new ActivityContext(host, node, inputs, attempt, attemptCts.Token);
        var started = time.GetTimestamp();
        var work = Task.Run(async () => await call(context).ConfigureAwait(false), CancellationToken.None);

        var cancelled = WhenCancelled(instanceToken);
        string? watchdogVerdict = null;
        while (!work.IsCompleted)
        {
            var wait = NextCheck(node, host, started, time);
            if (wait is null)
            {
                await Task.WhenAny(work, cancelled).ConfigureAwait(false);
            }
            else if (wait <= TimeSpan.Zero)
            {
                watchdogVerdict = Expired(node, host, started, time);
                if (watchdogVerdict is not null) break;
                continue;
            }
            else
            {
                using var delayCts = new CancellationTokenSource();
                var delay = Task.Delay(wait.Value, time, delayCts.Token);
                await Task.WhenAny(work, delay, cancelled).ConfigureAwait(false);
                await delayCts.CancelAsync().ConfigureAwait(false);
            }
            if (instanceToken.IsCancellationRequested && !work.IsCompleted) break;
        }

        if (!work.IsCompleted)
        {
            // Timed out, or the instance was cancelled and the activity has not stopped: cancel it and go
            // on without it. Its eventual result is ignored; observe it so it is never unobserved.
            await attemptCts.CancelAsync().ConfigureAwait(false);
            _ = work.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return watchdogVerdict is not null
                ? Failure(watchdogVerdict, TimeoutMessage(node, watchdogVerdict), retryable: true, time)
                : Cancelled(time);
        }

        try
        {
            var result = await work.ConfigureAwait(false);
            return new AttemptOutcome(AttemptResult.Succeeded, result, null, false, host.Variables, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (instanceToken.IsCancellationRequested)
        {
            return Cancelled(time);
        }
        catch (Exception ex)
        {
            return FromException(ex, time);
        }
    }

    internal static AttemptOutcome FromException(Exception ex, TimeProvider time) => ex switch
    {
        ActivityException a => new AttemptOutcome(AttemptResult.Failed, null,
            new ActivityError { Type = a.ErrorType, Message = a.Message, Details = a.Details }, a.Retryable,
            AttemptOutcome.NoVariables, time.GetUtcNow()),
        ExpressionLimitException l => Failure(ErrorTypes.LimitExceeded, l.Message, retryable: false, time),
        ExpressionException e => Failure(ErrorTypes.Expression, e.Message, retryable: false, time),
        OperationCanceledException => Failure(ErrorTypes.Cancelled, "The activity cancelled itself.", retryable: true, time),
        _ => Failure(ex.GetType().Name, ex.Message, retryable: true, time),
    };

    private static AttemptOutcome Failure(string type, string message, bool retryable, TimeProvider time) =>
        new(AttemptResult.Failed, null, new ActivityError { Type = type, Message = message }, retryable, AttemptOutcome.NoVariables, time.GetUtcNow());

    private static AttemptOutcome Cancelled(TimeProvider time) =>
        new(AttemptResult.Cancelled, null, new ActivityError { Type = ErrorTypes.Cancelled, Message = "The instance stopped while the attempt ran." },
            false, AttemptOutcome.NoVariables, time.GetUtcNow());

    /// <summary>Time until the nearer of the attempt deadline and the heartbeat deadline; null when neither is set.</summary>
    private static TimeSpan? NextCheck(NodeDefinition node, NodeActivityHost host, long started, TimeProvider time)
    {
        TimeSpan? next = null;
        if (node.Timeout is { } timeout)
            next = timeout - time.GetElapsedTime(started);
        if (node.HeartbeatTimeout is { } heartbeat)
        {
            var untilHeartbeat = heartbeat - time.GetElapsedTime(host.LastHeartbeat);
            if (untilHeartbeat > MaxWatchInterval) untilHeartbeat = MaxWatchInterval;
            next = next is null || untilHeartbeat < next ? untilHeartbeat : next;
        }
        return next;
    }

    private static string? Expired(NodeDefinition node, NodeActivityHost host, long started, TimeProvider time)
    {
        if (node.Timeout is { } timeout && time.GetElapsedTime(started) >= timeout) return ErrorTypes.Timeout;
        if (node.HeartbeatTimeout is { } heartbeat && time.GetElapsedTime(host.LastHeartbeat) >= heartbeat) return ErrorTypes.HeartbeatTimeout;
        return null;
    }

    private static string TimeoutMessage(NodeDefinition node, string verdict) => verdict == ErrorTypes.Timeout
        ? $"The attempt exceeded its timeout of {node.Timeout}."
        : $"No heartbeat for {node.HeartbeatTimeout}.";

    private static Task WhenCancelled(CancellationToken token)
    {
        if (!token.CanBeCanceled) return Task.Delay(Timeout.Infinite, CancellationToken.None);
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), tcs);
        return tcs.Task;
    }
}
