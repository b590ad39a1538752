using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// A queue as operators see it: work waiting, work running, the oldest waiting item, and the live
/// workers serving it. <see cref="Stalled"/> is the "workflow hangs because no worker runs" case:
/// work is waiting and no live worker serves the queue.
/// </summary>
public sealed record QueueHealth(
    string Queue,
    int Waiting,
    int Leased,
    DateTimeOffset? OldestDueAt,
    IReadOnlyList<string> LiveWorkers)
{
    public bool Stalled => Waiting > 0 && LiveWorkers.Count == 0;

    /// <summary>Joins the store's queue figures with the workers seen within the liveness window.</summary>
    public static async Task<IReadOnlyList<QueueHealth>> ReadAsync(IWorkflowStore store, TimeSpan livenessWindow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queues = await store.GetQueuesAsync(now, cancellationToken).ConfigureAwait(false);
        var workers = await store.ListWorkersAsync(now - livenessWindow, cancellationToken).ConfigureAwait(false);
        var names = queues.Select(q => q.Queue).Concat(workers.SelectMany(w => w.Queues)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var info = queues.FirstOrDefault(q => q.Queue == name);
            var live = workers.Where(w => w.Queues.Contains(name)).Select(w => w.WorkerId).ToArray();
            return new QueueHealth(name, info?.Waiting ?? 0, info?.Leased ?? 0, info?.OldestDueAt, live);
        }).ToArray();
    }
}
