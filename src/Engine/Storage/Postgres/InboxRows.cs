using System.Globalization;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>The <c>signals</c> table: each instance's inbox.</summary>
internal static class InboxRows
{
    public const string Table = "signals";

    private const string InsertUnlessEnded = """
        INSERT INTO signals (instance_id, name, payload, received_at)
        SELECT id, @name, @payload, @received_at FROM instances WHERE id = @id AND status <> ALL (@ended)
        """;

    public const string Consume = """
        UPDATE signals SET consumed_at = @now WHERE id = @id AND instance_id = @instance_id AND consumed_at IS NULL
        """;

    public const string SelectPending = """
        SELECT id, name, payload, received_at FROM signals
        WHERE instance_id = @instance_id AND consumed_at IS NULL ORDER BY id
        """;

    /// <summary>
    /// Adds the statements that deliver a signal, as one unit: lock the target instance (its status and queue are the
    /// batch's first result), store the signal unless the instance has ended for good, make its work item due now
    /// unless it is also Faulted (the signal waits for a retry: until then there is nothing a worker could do), and
    /// announce the queue. Unknown instances get nothing.
    /// </summary>
    public static void AddDelivery(NpgsqlBatch batch, string instanceId, string name, string? payload, DateTimeOffset now, string workChannel)
    {
        batch.Add(InstanceRows.LockForSignal).WithText("id", instanceId);
        batch.Add(InsertUnlessEnded)
            .WithText("id", instanceId)
            .WithText("name", name)
            .WithJson("payload", payload)
            .WithTime("received_at", now)
            .WithTextArray("ended", PostgresValues.EndedStatuses);
        WorkQueueRows.AddWake(batch, instanceId, now, PostgresValues.UnwakeableStatuses, workChannel);
    }

    public static InboxSignal Read(NpgsqlDataReader reader)
    {
        var id = reader.GetInt64(0);
        return new InboxSignal(
            id,
            reader.GetString(1),
            reader.ReadNode(2, Table, id.ToString(CultureInfo.InvariantCulture)),
            reader.GetTime(3));
    }
}
