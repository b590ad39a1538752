using System.Text;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// NOTIFY statements added to a write's batch. PostgreSQL delivers them when the transaction commits — never when
/// it (or the operation's savepoint) rolls back — and folds duplicates within one transaction into one.
/// </summary>
internal static class Notifications
{
    /// <summary>PostgreSQL refuses payloads of 8000 bytes or more; such a notification is skipped rather than failing the write.</summary>
    private const int MaxPayloadBytes = 7999;

    public static void Add(NpgsqlBatch batch, string channel, string payload)
    {
        if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
            return;
        batch.Add("SELECT pg_notify(@channel, @payload)").WithText("channel", channel).WithText("payload", payload);
    }

    /// <summary>Announces the instance's queue when its work item exists, is due by <paramref name="now"/> and is not leased.</summary>
    public static void AddWorkDue(NpgsqlBatch batch, string channel, string instanceId, DateTimeOffset now) =>
        batch.Add("""
            SELECT pg_notify(@channel, queue) FROM work_queue
            WHERE instance_id = @id AND ready_at <= @now AND lease_owner IS NULL AND octet_length(queue) <= 7999
            """)
            .WithText("channel", channel)
            .WithText("id", instanceId)
            .WithTime("now", now);
}
