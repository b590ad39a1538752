using Microsoft.Data.Sqlite;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Sqlite;

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

    public const string Insert = """
        INSERT INTO instances (id, definition_id, definition_version, status, queue, idempotency_key,
            parent_instance_id, parent_node_id, cancel_request, created_at, updated_at, completed_at, state)
        VALUES (@id, @definition_id, @definition_version, @status, @queue, @idempotency_key,
            @parent_instance_id, @parent_node_id, @cancel_request, @created_at, @updated_at, @completed_at, @state)
        """;

    /// <summary>Reads a row selected with <see cref="Columns"/> (and <c>state</c> last when <paramref name="withState"/>).</summary>
    public static InstanceRecord Read(SqliteDataReader reader, bool withState)
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
            CancelRequest = reader.IsDBNull(8) ? CancelRequest.None : reader.ReadEnum<CancelRequest>(8, Table, id),
            CreatedAt = reader.GetTime(9),
            UpdatedAt = reader.GetTime(10),
            CompletedAt = reader.GetTimeOrNull(11),
            State = withState ? reader.ReadDocument<InstanceState>(12, Table, id) : new InstanceState(),
        };
    }

    public static InstanceRecord? ReadById(SqliteSession session, string id)
    {
        using var reader = session.Command(SelectById).With("@id", id).ExecuteReader();
        return reader.Read() ? Read(reader, withState: true) : null;
    }

    /// <summary>NULL for <see cref="CancelRequest.None"/>, else the name.</summary>
    public static string? ToDb(CancelRequest request) => request == CancelRequest.None ? null : request.ToString();

    /// <summary>The stronger of two requests: terminate outranks cancel, which outranks none.</summary>
    public static CancelRequest Strongest(CancelRequest a, CancelRequest b) => (CancelRequest)Math.Max((int)a, (int)b);

    /// <summary>Final and not retryable: nothing can wake such an instance again (Faulted can be retried).</summary>
    public static bool IsEndedForGood(InstanceStatus status) => status.IsFinal() && status != InstanceStatus.Faulted;
}
