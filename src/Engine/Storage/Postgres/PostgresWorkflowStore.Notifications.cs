namespace Weft.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore : IStoreNotifications
{
    /// <summary>
    /// Queue names, as writes by any process on this database make work due now on them: an instance created, a
    /// signal or cancel request delivered, a commit whose item is due (a timer already past, a signal that arrived
    /// meanwhile), leases released. A dispatcher wakes on them instead of polling hard. Each call LISTENs on a
    /// connection of its own (the <c>&lt;schema&gt;_work</c> channel), reconnecting after a loss; notifications sent
    /// while disconnected are lost, so keep a slow poll as the safety net. Duplicates are possible (harmless: a claim
    /// then finds nothing). The sequence ends when the store is disposed; cancelling the token ends it with
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public IAsyncEnumerable<string> ListenForWorkAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new PostgresListener(_listenDataSource, _channels.Work, _disposing.Token).ListenAsync(cancellationToken);
    }

    /// <summary>
    /// Which instances have new events, as any process on this database writes them (one notification per instance
    /// per write, with the highest sequence written): for live event streams served by a node other than the one
    /// running the instance. Read the events themselves with <see cref="GetEventsAsync"/>. Same connection, loss and
    /// ending behaviour as <see cref="ListenForWorkAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<EventNotification> ListenForEventsAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var listener = new PostgresListener(_listenDataSource, _channels.Events, _disposing.Token);
        await foreach (var payload in listener.ListenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (EventNotificationPayload.Parse(payload) is { } notification)
                yield return notification;
        }
    }

    /// <summary>
    /// Signals delivered and cancel or terminate requests recorded, by instance, as any process on this database commits
    /// them (the <c>&lt;schema&gt;_control</c> channel): the process running the instance acts on them at once instead
    /// of at its next commit. Same connection, loss and ending behaviour as <see cref="ListenForWorkAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<InstanceControlNotification> ListenForControlAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var listener = new PostgresListener(_listenDataSource, _channels.Control, _disposing.Token);
        await foreach (var payload in listener.ListenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (ControlNotificationPayload.Parse(payload) is { } notification)
                yield return notification;
        }
    }

    public Task<IReadOnlyList<InstanceControlNotification>> GetStopRequestsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        if (instanceIds.Count == 0)
            return Task.FromResult<IReadOnlyList<InstanceControlNotification>>([]);
        return ReadAsync<IReadOnlyList<InstanceControlNotification>>(async (connection, ct) =>
        {
            var requests = new List<InstanceControlNotification>();
            await using var batch = connection.CreateBatch();
            batch.Add("SELECT id, cancel_request FROM instances WHERE id = ANY(@ids) AND cancel_request IS NOT NULL")
                .WithTextArray("ids", [.. instanceIds]);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                var request = reader.ReadCancelRequest(1, InstanceRows.Table, id);
                if (request != CancelRequest.None)
                    requests.Add(new(id, request == CancelRequest.Terminate ? InstanceControl.Terminate : InstanceControl.Cancel));
            }
            return requests;
        }, cancellationToken);
    }
}
