using Microsoft.Data.Sqlite;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>The <c>signals</c> table: each instance's inbox.</summary>
internal static class InboxRows
{
    public const string Table = "signals";

    private const string SelectTarget = "SELECT status, queue FROM instances WHERE id = @id";

    private const string Insert = """
        INSERT INTO signals (instance_id, name, payload, received_at) VALUES (@instance_id, @name, @payload, @received_at)
        """;

    public const string Consume = """
        UPDATE signals SET consumed_at = @now WHERE id = @id AND instance_id = @instance_id AND consumed_at IS NULL
        """;

    public const string SelectPending = """
        SELECT id, name, payload, received_at FROM signals
        WHERE instance_id = @instance_id AND consumed_at IS NULL ORDER BY id
        """;

    public const string AnyPending = """
        SELECT EXISTS (SELECT 1 FROM signals WHERE instance_id = @instance_id AND consumed_at IS NULL)
        """;

    /// <summary>
    /// Stores a signal and makes the instance's work item due now. A Faulted instance keeps the signal
    /// for after a retry but is not woken: until someone retries it there is nothing a worker could do.
    /// </summary>
    public static SignalDelivery Deliver(SqliteSession session, string instanceId, string name, string? payload, DateTimeOffset now)
    {
        InstanceStatus status;
        string queue;
        using (var reader = session.Command(SelectTarget).With("@id", instanceId).ExecuteReader())
        {
            if (!reader.Read())
                return SignalDelivery.InstanceNotFound;
            status = reader.ReadEnum<InstanceStatus>(0, InstanceRows.Table, instanceId);
            queue = reader.GetString(1);
        }

        if (InstanceRows.IsEndedForGood(status))
            return SignalDelivery.InstanceEnded;

        session.Command(Insert)
            .With("@instance_id", instanceId)
            .With("@name", name)
            .With("@payload", payload)
            .With("@received_at", SqliteValues.ToDb(now))
            .ExecuteNonQuery();

        if (status != InstanceStatus.Faulted)
            WorkQueueRows.WakeItem(session, instanceId, queue, now);
        return SignalDelivery.Accepted;
    }

    public static InboxSignal Read(SqliteDataReader reader)
    {
        var id = reader.GetInt64(0);
        return new InboxSignal(
            id,
            reader.GetString(1),
            reader.ReadNode(2, Table, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            reader.GetTime(3));
    }
}
