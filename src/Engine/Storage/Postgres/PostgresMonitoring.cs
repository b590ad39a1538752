using Npgsql;
using Weft.Engine.Monitoring;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Metrics from the journal and instances, aggregated in SQL (<see cref="PostgresMonitoringSql"/>).</summary>
public sealed partial class PostgresWorkflowStore : IMonitoringQueries
{
    public Task<IReadOnlyList<WorkflowMetrics>> GetWorkflowMetricsAsync(MetricsWindow window, string? definitionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAsync<IReadOnlyList<WorkflowMetrics>>(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(PostgresMonitoringSql.SortMemory);
            Windowed(batch, definitionId is null ? PostgresMonitoringSql.AllWorkflowAttempts : PostgresMonitoringSql.OneWorkflowAttempts, window, definitionId);
            Windowed(batch, definitionId is null ? PostgresMonitoringSql.AllWorkflows : PostgresMonitoringSql.OneWorkflow, window, definitionId);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false); // past set_config
            var attempts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                attempts[reader.GetString(0)] = (MonitoringRows.Long(reader, 1), MonitoringRows.Long(reader, 2));
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            var workflows = new List<WorkflowMetrics>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                workflows.Add(MonitoringRows.Workflow(reader, attempts));
            return workflows;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<NodeMetrics>> GetNodeMetricsAsync(MetricsWindow window, string? definitionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAsync<IReadOnlyList<NodeMetrics>>(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(PostgresMonitoringSql.SortMemory);
            Windowed(batch, definitionId is null ? PostgresMonitoringSql.Nodes : PostgresMonitoringSql.NodesOfWorkflow, window, definitionId);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false); // past set_config
            var nodes = new List<NodeMetrics>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                nodes.Add(MonitoringRows.Node(reader));
            return nodes;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ActivityTypeMetrics>> GetActivityMetricsAsync(MetricsWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAsync<IReadOnlyList<ActivityTypeMetrics>>(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(PostgresMonitoringSql.SortMemory);
            Windowed(batch, PostgresMonitoringSql.ActivityTypes, window, null);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false); // past set_config
            var types = new List<ActivityTypeMetrics>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                types.Add(MonitoringRows.ActivityType(reader));
            return types;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SuspendedInstance>> GetSuspendedInstancesAsync(DateTimeOffset suspendedAtOrBefore, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        return ReadAsync<IReadOnlyList<SuspendedInstance>>(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(PostgresMonitoringSql.Suspended).WithTime("before", suspendedAtOrBefore).WithInt("take", take);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var instances = new List<SuspendedInstance>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                instances.Add(new SuspendedInstance(reader.GetString(0), reader.GetString(1), reader.GetTime(2)));
            return instances;
        }, cancellationToken);
    }

    private static void Windowed(NpgsqlBatch batch, string sql, MetricsWindow window, string? definitionId)
    {
        var command = batch.Add(sql).WithTime("from", window.From).WithTime("to", window.To);
        if (definitionId is not null)
            command.WithText("definition_id", definitionId);
    }
}
