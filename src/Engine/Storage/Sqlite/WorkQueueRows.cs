namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// The <c>work_queue</c> table: one row per instance that has something to do, with its lease.
/// <c>wake</c> records that a signal or cancel request arrived since the item was last claimed, which is
/// what "arrived meanwhile" means for <see cref="WorkPlan.Remove"/>: signals the worker already saw
/// (kept for a later bookmark) must not keep waking it, or the instance would spin.
/// </summary>
internal static class WorkQueueRows
{
    /// <summary>Makes the item due now (creating it if needed) without touching a lease someone holds.</summary>
    public const string Wake = """
        INSERT INTO work_queue (instance_id, queue, ready_at, wake) VALUES (@instance_id, @queue, @now, 1)
        ON CONFLICT (instance_id) DO UPDATE SET ready_at = min(ready_at, excluded.ready_at), wake = 1
        """;

    /// <summary>A new instance's item: due at its creation, leased to its creator for a local start (else both lease columns null).</summary>
    public const string InsertReady = """
        INSERT INTO work_queue (instance_id, queue, ready_at, lease_owner, lease_until) VALUES (@instance_id, @queue, @ready_at, @lease_owner, @lease_until)
        """;

    public static void WakeItem(SqliteSession session, string instanceId, string queue, DateTimeOffset now) =>
        session.Command(Wake)
            .With("@instance_id", instanceId)
            .With("@queue", queue)
            .With("@now", SqliteValues.ToDb(now))
            .ExecuteNonQuery();
}
