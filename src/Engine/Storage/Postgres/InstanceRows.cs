using Npgsql;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Reading and writing rows of the <c>instances</c> table.</summary>
internal static class InstanceRows
{
    public const string Table = "instances";

    /// <summary>Every column but <c>state</c>, in the order <see cref="Read"/> expects.</summary>
    public const string Columns =
        "id, definition_id, definition_version, status, queue, idempotency_key, parent_instance_id, parent_node_id, "
        + "cancel_request, created_at, updated_at, completed_at";

    public const string ColumnsWithState = Columns + ", state";

    public const string SelectById = "SELECT " + ColumnsWithState + " FROM instances WHERE id = @id";

    public const string SelectByIdempotencyKey =
        "SELECT " + ColumnsWithState + " FROM instances WHERE definition_id = @definition_id AND idempotency_key = @key";

    /// <summary>Inserts unless the id or the (definition, idempotency key) exists: then nothing, and 0 rows.</summary>
    public const string InsertIfNew = """
        INSERT INTO instances (id, definition_id, definition_version, status, queue, idempotency_key,
            parent_instance_id, parent_node_id, cancel_request, created_at, updated_at, completed_at, state)
        VALUES (@id, @definition_id, @definition_version, @status, @queue, @idempotency_key,
            @parent_instance_id, @parent_node_id, @cancel_request, @created_at, @updated_at, @completed_at, @state)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Locks the instance row for the rest of the transaction. Every writer locks an instance before its work item.</summary>
    public const string LockForSignal = "SELECT status, queue FROM instances WHERE id = @id FOR UPDATE";

    public static NpgsqlBatchCommand AddInsert(NpgsqlBatch batch, InstanceRecord instance, string state) =>
        batch.Add(InsertIfNew)
            .WithText("id", instance.Id)
            .WithText("definition_id", instance.DefinitionId)
            .WithInt("definition_version", instance.DefinitionVersion)
            .WithText("status", instance.Status.ToString())
            .WithText("queue", instance.Queue)
            .WithText("idempotency_key", instance.IdempotencyKey)
            .WithText("parent_instance_id", instance.ParentInstanceId)
            .WithText("parent_node_id", instance.ParentNodeId)
            .WithText("cancel_request", PostgresValues.ToDb(instance.CancelRequest))
            .WithTime("created_at", instance.CreatedAt)
            .WithTime("updated_at", instance.UpdatedAt)
            .WithTime("completed_at", instance.CompletedAt)
            .WithJson("state", state);

    /// <summary>Reads a row selected with <see cref="Columns"/> (and <c>state</c> last when <paramref name="withState"/>).</summary>
    public static InstanceRecord Read(NpgsqlDataReader reader, bool withState)
    {
        var id = reader.GetString(0);
        return new InstanceRecord
        {
            Id = id,
            DefinitionId = reader.GetString(1),
            DefinitionVersion = reader.GetInt32(2),
            Status = reader.ReadEnum<InstanceStatus>(3, Table, id),
            Queue = reader.GetString(4),
            IdempotencyKey = reader.GetStringOrNull(5),
            ParentInstanceId = reader.GetStringOrNull(6),
            ParentNodeId = reader.GetStringOrNull(7),
            CancelRequest = reader.ReadCancelRequest(8, Table, id),
            CreatedAt = reader.GetTime(9),
            UpdatedAt = reader.GetTime(10),
            CompletedAt = reader.GetTimeOrNull(11),
            State = withState ? reader.ReadDocument<InstanceState>(12, Table, id) : new InstanceState(),
        };
    }

    /// <summary>The first row of the current result, if any.</summary>
    public static async Task<InstanceRecord?> ReadFirstAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader, withState: true) : null;
}
