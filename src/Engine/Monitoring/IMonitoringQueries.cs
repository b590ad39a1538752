namespace Weft.Engine.Monitoring;

/// <summary>
/// Metrics computed by the store from its journal and instances, aggregated in SQL over indexes (docs/monitoring.md).
/// Both <see cref="Storage.Sqlite.SqliteWorkflowStore"/> and <see cref="Storage.Postgres.PostgresWorkflowStore"/>
/// implement it and pass the same tests. Lists are ordered by their keys (ordinal).
/// </summary>
public interface IMonitoringQueries
{
    /// <summary>Per workflow; only <paramref name="definitionId"/> when given. Workflows without instances in the window are absent.</summary>
    Task<IReadOnlyList<WorkflowMetrics>> GetWorkflowMetricsAsync(MetricsWindow window, string? definitionId = null, CancellationToken cancellationToken = default);

    /// <summary>Per (workflow, node); only <paramref name="definitionId"/>'s nodes when given.</summary>
    Task<IReadOnlyList<NodeMetrics>> GetNodeMetricsAsync(MetricsWindow window, string? definitionId = null, CancellationToken cancellationToken = default);

    /// <summary>Per activity type, over all workflows.</summary>
    Task<IReadOnlyList<ActivityTypeMetrics>> GetActivityMetricsAsync(MetricsWindow window, CancellationToken cancellationToken = default);

    /// <summary>
    /// Instances suspended whose last change is at or before <paramref name="suspendedAtOrBefore"/> (they have waited at least
    /// that long), oldest first, at most <paramref name="take"/>.
    /// </summary>
    Task<IReadOnlyList<SuspendedInstance>> GetSuspendedInstancesAsync(DateTimeOffset suspendedAtOrBefore, int take, CancellationToken cancellationToken = default);
}

/// <summary>An instance waiting on a bookmark since <see cref="Since"/> (its last change).</summary>
public sealed record SuspendedInstance(string InstanceId, string DefinitionId, DateTimeOffset Since);
