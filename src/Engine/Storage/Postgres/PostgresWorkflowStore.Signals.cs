using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string LockCancelTarget = "SELECT status, cancel_request FROM instances WHERE id = @id FOR UPDATE";

    /// <summary>Records the stronger of the stored and the new request (terminate outranks cancel) unless the instance has ended for good.</summary>
    private const string StrengthenCancelRequest = """
        UPDATE instances
        SET cancel_request = CASE WHEN cancel_request = 'Terminate' OR @request = 'Terminate' THEN 'Terminate' ELSE 'Cancel' END
        WHERE id = @id AND status <> ALL (@ended)
        """;

    /// <summary>
    /// Completed, Cancelled, TimedOut and Terminated instances refuse signals (<see cref="SignalDelivery.InstanceEnded"/>).
    /// A Faulted one keeps the signal in its inbox for after a retry, without waking its work item. One round trip.
    /// </summary>
    public Task<SignalDelivery> SendSignalAsync(string instanceId, string name, JsonNode? payload, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var payloadJson = StoredValues.ToJson(payload);
        return WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            InboxRows.AddDelivery(batch, instanceId, name, payloadJson, now, _channels.Work);
            // The process running the instance (if one does) looks at its inbox at once.
            Notifications.Add(batch, _channels.Control, ControlNotificationPayload.ForSignal(instanceId));
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            // The first result is the locked instance's status, as it was before (and stays during) the delivery.
            var found = await reader.ReadAsync().ConfigureAwait(false);
            var status = found ? reader.ReadEnum<InstanceStatus>(0, InstanceRows.Table, instanceId) : default;
            await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);
            if (!found)
                return SignalDelivery.InstanceNotFound;
            return PostgresValues.IsEndedForGood(status) ? SignalDelivery.InstanceEnded : SignalDelivery.Accepted;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<InboxSignal>> GetPendingSignalsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<InboxSignal>>(async (connection, ct) =>
        {
            var signals = new List<InboxSignal>();
            await using var batch = connection.CreateBatch();
            batch.Add(InboxRows.SelectPending).WithText("instance_id", instanceId);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                signals.Add(InboxRows.Read(reader));
            return signals;
        }, cancellationToken);

    /// <summary>
    /// A terminate request outranks a cancel request already recorded (never the reverse). An instance that
    /// has ended for good (Completed, Cancelled, TimedOut, Terminated) is left as it is; the returned status
    /// tells the caller. A Faulted instance records the request and is woken, so a worker can end it. One round trip.
    /// </summary>
    public Task<InstanceStatus?> RequestCancelAsync(string instanceId, CancelRequest request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (request == CancelRequest.None)
            throw new ArgumentOutOfRangeException(nameof(request), request, "Request Cancel or Terminate.");

        return WriteAsync<InstanceStatus?>(async session =>
        {
            await using var batch = session.CreateBatch();
            batch.Add(LockCancelTarget).WithText("id", instanceId);
            batch.Add(StrengthenCancelRequest)
                .WithText("id", instanceId)
                .WithText("request", request.ToString())
                .WithTextArray("ended", PostgresValues.EndedStatuses);
            WorkQueueRows.AddWake(batch, instanceId, now, PostgresValues.EndedStatuses, _channels.Work);
            // The process running the instance (if one does) stops it at once, not at its next commit.
            Notifications.Add(batch, _channels.Control, ControlNotificationPayload.ForStop(instanceId, request));

            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            var status = reader.ReadEnum<InstanceStatus>(0, InstanceRows.Table, instanceId);
            _ = reader.ReadCancelRequest(1, InstanceRows.Table, instanceId); // a value Weft did not write is reported, as SQLite does
            await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);
            return status;
        }, cancellationToken);
    }
}
