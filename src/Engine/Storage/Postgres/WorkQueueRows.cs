using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The <c>work_queue</c> table: one row per instance that has something to do, with its lease.
/// <c>wake</c> records that a signal or cancel request arrived since the item was last claimed, which is
/// what "arrived meanwhile" means for <see cref="WorkPlan.Remove"/>: signals the worker already saw
/// (kept for a later bookmark) must not keep waking it, or the instance would spin.
/// </summary>
internal static class WorkQueueRows
{
    /// <summary>
    /// Makes the item due now (creating it if needed) without touching a lease someone holds, unless the instance's
    /// status is in <c>@skip</c>. The caller has locked the instance row, so the status cannot change meanwhile.
    /// </summary>
    private const string Wake = """
        INSERT INTO work_queue (instance_id, queue, ready_at, wake)
        SELECT id, queue, @now, true FROM instances WHERE id = @id AND status <> ALL (@skip)
        ON CONFLICT (instance_id) DO UPDATE SET ready_at = LEAST(work_queue.ready_at, excluded.ready_at), wake = true
        """;

    private const string NotifyWoken = """
        SELECT pg_notify(@channel, queue) FROM instances WHERE id = @id AND status <> ALL (@skip) AND octet_length(queue) <= 7999
        """;

    /// <summary>A new instance's item: due at its creation, leased to its creator for a local start (else both lease columns null).</summary>
    public const string InsertReady = """
        INSERT INTO work_queue (instance_id, queue, ready_at, lease_owner, lease_until) VALUES (@id, @queue, @ready_at, @lease_owner, @lease_until)
        """;

    /// <summary>Adds the wake of <paramref name="instanceId"/> (unless its status is one of <paramref name="skip"/>) and its notification.</summary>
    public static void AddWake(NpgsqlBatch batch, string instanceId, DateTimeOffset now, string[] skip, string channel)
    {
        batch.Add(Wake).WithText("id", instanceId).WithTime("now", now).WithTextArray("skip", skip);
        batch.Add(NotifyWoken).WithText("channel", channel).WithText("id", instanceId).WithTextArray("skip", skip);
    }
}
