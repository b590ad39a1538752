using System.Text.Json.Nodes;
using Weft.Engine.Activities.Http;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// Waits, for a sync trigger, for the first <c>http.response</c> event of an instance or its end.
/// The subscription must be live before the instance starts (or before this is called for an
/// existing one). Events come from the hub as they happen in this process; the store is read first
/// (what happened before: an idempotent repeat of a finished instance) and again after every half
/// second of silence, because another server process may be running the instance.
/// </summary>
internal static class TriggerResponseWaiter
{
    private static readonly TimeSpan StorePollInterval = TimeSpan.FromMilliseconds(500);

    /// <param name="justCreated">
    /// The instance was created by this request after the subscription went live: it has no past to read, so the
    /// first store read is skipped (the hub delivers what happens here; silence still falls back to the store).
    /// </param>
    public static async Task<TriggerOutcome> WaitAsync(
        IWorkflowStore store, InstanceSubscription subscription, string instanceId, TimeSpan timeout, bool justCreated, CancellationToken requestAborted)
    {
        // A run of inline nodes only has published its answer before its start returned: take it without arming a
        // deadline or a poll timer (two timers per request were a visible share of a short run's cost).
        while (justCreated && subscription.Reader.TryRead(out var ready))
        {
            if (Decide(ready) is { } answered) return answered;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(timeout);
        long after = 0;
        var readStore = !justCreated;
        try
        {
            while (true)
            {
                while (readStore)
                {
                    var stored = await store.GetEventsAsync(instanceId, after, 1000, deadline.Token).ConfigureAwait(false);
                    foreach (var e in stored)
                    {
                        after = Math.Max(after, e.Sequence);
                        if (Decide(e) is { } outcome) return outcome;
                    }
                    if (stored.Count < 1000) break;
                }

                using var poll = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                poll.CancelAfter(StorePollInterval);
                try
                {
                    while (await subscription.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false))
                    {
                        while (subscription.Reader.TryRead(out var e))
                        {
                            if (Decide(e) is { } outcome) return outcome;
                        }
                    }
                    await Task.Delay(StorePollInterval, deadline.Token).ConfigureAwait(false); // the feed closed: the store alone
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // Half a second of silence: look at the store again.
                }
                readStore = true;
            }
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return new TriggerOutcome.WaitTimedOut();
        }
    }

    private static TriggerOutcome? Decide(InstanceEvent e)
    {
        if (e.Type == HttpResponseEvent.Type) return new TriggerOutcome.Responded(e.Data as JsonObject ?? []);
        if (!IsEnd(e.Type)) return null;
        var data = e.Data as JsonObject;
        var status = Enum.TryParse<InstanceStatus>(data?["status"]?.GetValue<string>(), ignoreCase: true, out var s) ? s : StatusOf(e.Type);
        return new TriggerOutcome.Ended(status, data?["output"]?.DeepClone(), data?["error"]?.DeepClone());
    }

    private static bool IsEnd(string type) => type is EventTypes.InstanceCompleted or EventTypes.InstanceFaulted
        or EventTypes.InstanceCancelled or EventTypes.InstanceTimedOut or EventTypes.InstanceTerminated;

    private static InstanceStatus StatusOf(string type) => type switch
    {
        EventTypes.InstanceCompleted => InstanceStatus.Completed,
        EventTypes.InstanceFaulted => InstanceStatus.Faulted,
        EventTypes.InstanceCancelled => InstanceStatus.Cancelled,
        EventTypes.InstanceTimedOut => InstanceStatus.TimedOut,
        _ => InstanceStatus.Terminated,
    };
}
