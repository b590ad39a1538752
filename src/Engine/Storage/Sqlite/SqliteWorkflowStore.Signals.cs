using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string SelectCancelTarget = "SELECT status, queue, cancel_request FROM instances WHERE id = @id";

    private const string UpdateCancelRequest = "UPDATE instances SET cancel_request = @cancel_request WHERE id = @id";

    /// <summary>
    /// Completed, Cancelled, TimedOut and Terminated instances refuse signals (<see cref="SignalDelivery.InstanceEnded"/>).
    /// A Faulted one keeps the signal in its inbox for after a retry, without waking its work item.
    /// </summary>
    public Task<SignalDelivery> SendSignalAsync(string instanceId, string name, JsonNode? payload, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var payloadJson = StoredValues.ToJson(payload);
        return WriteAsync(session => InboxRows.Deliver(session, instanceId, name, payloadJson, now), cancellationToken);
    }

    public Task<IReadOnlyList<InboxSignal>> GetPendingSignalsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<InboxSignal>>(session =>
        {
            var signals = new List<InboxSignal>();
            using var reader = session.Command(InboxRows.SelectPending).With("@instance_id", instanceId).ExecuteReader();
            while (reader.Read())
                signals.Add(InboxRows.Read(reader));
            return signals;
        }, cancellationToken);

    /// <summary>
    /// A terminate request outranks a cancel request already recorded (never the reverse). An instance that
    /// has ended for good (Completed, Cancelled, TimedOut, Terminated) is left as it is; the returned status
    /// tells the caller. A Faulted instance records the request and is woken, so a worker can end it.
    /// </summary>
    public Task<InstanceStatus?> RequestCancelAsync(string instanceId, CancelRequest request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (request == CancelRequest.None)
            throw new ArgumentOutOfRangeException(nameof(request), request, "Request Cancel or Terminate.");

        return WriteAsync<InstanceStatus?>(session =>
        {
            InstanceStatus status;
            string queue;
            CancelRequest stored;
            using (var reader = session.Command(SelectCancelTarget).With("@id", instanceId).ExecuteReader())
            {
                if (!reader.Read())
                    return null;
                status = reader.ReadEnum<InstanceStatus>(0, InstanceRows.Table, instanceId);
                queue = reader.GetString(1);
                stored = reader.IsDBNull(2) ? CancelRequest.None : reader.ReadEnum<CancelRequest>(2, InstanceRows.Table, instanceId);
            }

            if (InstanceRows.IsEndedForGood(status))
                return status;

            session.Command(UpdateCancelRequest)
                .With("@id", instanceId)
                .With("@cancel_request", InstanceRows.ToDb(InstanceRows.Strongest(stored, request)))
                .ExecuteNonQuery();
            WorkQueueRows.WakeItem(session, instanceId, queue, now);
            return status;
        }, cancellationToken);
    }
}
