using System.Text;

namespace Weft.Engine.Storage;

/// <summary>
/// The WHERE clause of an <see cref="InstanceQuery"/>, the same SQL for both stores. Parameters are named
/// @status, @definition_id, @parent_instance_id, @created_after, @created_before; only the filters a query
/// sets appear, so there are at most 2^5 distinct texts and each stays a cached, prepared statement.
/// </summary>
internal static class InstanceQuerySql
{
    public static string Where(InstanceQuery query)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        if (query.Status is not null) where.Append(" AND status = @status");
        if (query.DefinitionId is not null) where.Append(" AND definition_id = @definition_id");
        if (query.ParentInstanceId is not null) where.Append(" AND parent_instance_id = @parent_instance_id");
        if (query.CreatedAfter is not null) where.Append(" AND created_at >= @created_after");
        if (query.CreatedBefore is not null) where.Append(" AND created_at < @created_before");
        return where.ToString();
    }
}
