namespace Weft.Engine.Storage;

/// <summary>
/// Optional: a store shared by several processes that can tell each of them, as it happens, what the others wrote
/// (PostgreSQL's LISTEN/NOTIFY). The runtime uses it when the store offers it — idle workers wake on work instead of
/// polling hard, a signal or cancel reaches the process running the instance, live event streams follow instances run
/// elsewhere — and keeps its polls as the safety net, because notifications sent while a listener reconnects are lost.
/// A store used by one process (SQLite) does without: the runtime wakes itself in-process.
/// Every sequence LISTENs on a connection of its own, reconnecting after a loss; it ends when the store is disposed,
/// and cancelling its token ends it with <see cref="OperationCanceledException"/>. Duplicates are possible.
/// </summary>
public interface IStoreNotifications
{
    /// <summary>Queue names, as writes by any process make work due now on them (start, signal, cancel, released lease…).</summary>
    IAsyncEnumerable<string> ListenForWorkAsync(CancellationToken cancellationToken = default);

    /// <summary>Which instances have new events (from any process), with the highest sequence written.</summary>
    IAsyncEnumerable<EventNotification> ListenForEventsAsync(CancellationToken cancellationToken = default);

    /// <summary>Signals delivered and cancel or terminate requests recorded (by any process), by instance.</summary>
    IAsyncEnumerable<InstanceControlNotification> ListenForControlAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The cancel and terminate requests recorded for <paramref name="instanceIds"/>: what <see cref="ListenForControlAsync"/>
    /// said, or would have said had it been listening. The runtime asks it for the instances it runs at each lease
    /// renewal, so a stop request whose notification was lost still stops the run within a renewal interval.
    /// </summary>
    Task<IReadOnlyList<InstanceControlNotification>> GetStopRequestsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken = default);
}

/// <summary>
/// Events of <see cref="InstanceId"/> were written up to <see cref="Sequence"/> (by any process on the database):
/// read them with <see cref="IWorkflowStore.GetEventsAsync"/> after the last sequence you have.
/// </summary>
public sealed record EventNotification(string InstanceId, long Sequence);

/// <summary>What arrived for an instance that its running process must act on at once.</summary>
public enum InstanceControl
{
    /// <summary>A signal is in the inbox.</summary>
    Signal,

    /// <summary>A cancel request was recorded.</summary>
    Cancel,

    /// <summary>A terminate request was recorded.</summary>
    Terminate,
}

/// <summary>A signal or stop request for <see cref="InstanceId"/> was committed.</summary>
public sealed record InstanceControlNotification(string InstanceId, InstanceControl Control);
