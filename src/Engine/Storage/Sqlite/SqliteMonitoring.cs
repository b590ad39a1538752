using Weft.Engine.Monitoring;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Metrics from the journal and instances, aggregated in SQL (<see cref="SqliteMonitoringSql"/>).</summary>
public sealed partial class SqliteWorkflowStore : IMonitoringQueries
{
    public Task<IReadOnlyList<WorkflowMetrics>> GetWorkflowMetricsAsync(MetricsWindow window, string? definitionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAsync<IReadOnlyList<WorkflowMetrics>>(session =>
        {
            var attempts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            using (var reader = Windowed(session, definitionId is null ? SqliteMonitoringSql.AllWorkflowAttempts : SqliteMonitoringSql.OneWorkflowAttempts, window, definitionId).ExecuteReader())
            {
                while (reader.Read())
                    attempts[reader.GetString(0)] = (MonitoringRows.Long(reader, 1), MonitoringRows.Long(reader, 2));
            }

            var workflows = new List<WorkflowMetrics>();
            using var rows = Windowed(session, definitionId is null ? SqliteMonitoringSql.AllWorkflows : SqliteMonitoringSql.OneWorkflow, window, definitionId).ExecuteReader();
            while (rows.Read())
                workflows.Add(MonitoringRows.Workflow(rows, attempts));
            return workflows;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<NodeMetrics>> GetNodeMetricsAsync(MetricsWindow window, string? definitionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAsync<IReadOnlyList<NodeMetrics>>(session => SqliteMonitoringScan.Nodes(session.Connection, window, definitionId), cancellationToken);
    }

    public Task<IReadOnlyList<ActivityTypeMetrics>> GetActivityMetricsAsync(MetricsWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ReadAsync<IReadOnlyList<ActivityTypeMetrics>>(session => SqliteMonitoringScan.ActivityTypes(session.Connection, window), cancellationToken);
    }

    public Task<IReadOnlyList<SuspendedInstance>> GetSuspendedInstancesAsync(DateTimeOffset suspendedAtOrBefore, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        return ReadAsync<IReadOnlyList<SuspendedInstance>>(session =>
        {
            var instances = new List<SuspendedInstance>();
            using var reader = session.Command(SqliteMonitoringSql.Suspended)
                .With("@before", SqliteValues.ToDb(suspendedAtOrBefore))
                .With("@take", take)
                .ExecuteReader();
            while (reader.Read())
                instances.Add(new SuspendedInstance(reader.GetString(0), reader.GetString(1), reader.GetTime(2)));
            return instances;
        }, cancellationToken);
    }

    private static Microsoft.Data.Sqlite.SqliteCommand Windowed(SqliteSession session, string sql, MetricsWindow window, string? definitionId)
    {
        SqlitePercentiles.EnsureRegistered(session.Connection);
        var command = session.Command(sql)
            .With("@from", SqliteValues.ToDb(window.From))
            .With("@to", SqliteValues.ToDb(window.To));
        if (definitionId is not null)
            command.With("@definition_id", definitionId);
        return command;
    }
}
