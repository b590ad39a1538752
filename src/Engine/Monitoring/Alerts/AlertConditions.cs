using System.Globalization;
using Weft.Engine.Runtime;

namespace Weft.Engine.Monitoring.Alerts;

/// <summary>Measures one rule now: a value per subject and whether the rule's condition holds for it.</summary>
internal sealed class AlertConditions(IMonitoringQueries metrics, Func<CancellationToken, Task<IReadOnlyList<QueueHealth>>> queues)
{
    /// <summary>Most instances one "suspendedFor" rule reports at once (one alert each).</summary>
    public const int MaxSuspendedInstances = 200;

    public async Task<IReadOnlyList<AlertMeasurement>> MeasureAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = MetricsWindow.Ending(now, rule.Window);
        var threshold = rule.Threshold ?? 0;
        switch (rule.Metric)
        {
            case AlertMetric.FailureRate:
            {
                var workflows = await metrics.GetWorkflowMetricsAsync(window, rule.Workflow, cancellationToken).ConfigureAwait(false);
                return workflows.Select(w =>
                {
                    var finished = w.Successes + w.Failures;
                    var percent = w.FailureRate * 100;
                    var firing = finished >= rule.MinRuns && percent > threshold;
                    return new AlertMeasurement(w.DefinitionId, percent, firing,
                        $"Workflow '{w.DefinitionId}' failed {w.Failures} of {finished} runs ({F(percent)}%) in the last {DurationText.Format(rule.Window)}; threshold {F(threshold)}%.");
                }).ToList();
            }
            case AlertMetric.AvgDuration or AlertMetric.P95Duration when rule.Node is null:
            {
                var workflows = await metrics.GetWorkflowMetricsAsync(window, rule.Workflow, cancellationToken).ConfigureAwait(false);
                return workflows.Select(w => Duration(rule, w.DefinitionId, $"Workflow '{w.DefinitionId}'", w.Duration)).ToList();
            }
            case AlertMetric.AvgDuration or AlertMetric.P95Duration:
            {
                var nodes = await metrics.GetNodeMetricsAsync(window, rule.Workflow, cancellationToken).ConfigureAwait(false);
                return nodes.Where(n => n.NodeId == rule.Node)
                    .Select(n => Duration(rule, $"{n.DefinitionId}/{n.NodeId}", $"Node '{n.NodeId}' of '{n.DefinitionId}'", n.Duration)).ToList();
            }
            case AlertMetric.NodeSuccessRate:
            {
                var nodes = await metrics.GetNodeMetricsAsync(window, rule.Workflow, cancellationToken).ConfigureAwait(false);
                return nodes.Where(n => rule.Node is null || n.NodeId == rule.Node).Select(n =>
                {
                    var percent = n.SuccessRate * 100;
                    var firing = n.Runs >= rule.MinRuns && percent < threshold;
                    return new AlertMeasurement($"{n.DefinitionId}/{n.NodeId}", percent, firing,
                        $"Node '{n.NodeId}' of '{n.DefinitionId}' succeeded {n.Successes} of {n.Runs} runs ({F(percent)}%) in the last {DurationText.Format(rule.Window)}; threshold {F(threshold)}%.");
                }).ToList();
            }
            case AlertMetric.QueueStalled:
            {
                var all = await queues(cancellationToken).ConfigureAwait(false);
                return all.Where(q => rule.Queue is null || q.Queue == rule.Queue).Select(q => new AlertMeasurement(q.Queue, q.Waiting, q.Stalled,
                    $"Queue '{q.Queue}' has {q.Waiting} item(s) waiting and no live worker.")).ToList();
            }
            case AlertMetric.SuspendedFor:
            {
                // Strictly longer than the threshold: suspended before now − T.
                var before = now - TimeSpan.FromMilliseconds(threshold) - TimeSpan.FromMilliseconds(1);
                var suspended = await metrics.GetSuspendedInstancesAsync(before, MaxSuspendedInstances, cancellationToken).ConfigureAwait(false);
                return suspended.Where(s => rule.Workflow is null || s.DefinitionId == rule.Workflow).Select(s =>
                {
                    var waited = now - s.Since;
                    return new AlertMeasurement(s.InstanceId, waited.TotalMilliseconds, true,
                        $"Instance '{s.InstanceId}' of '{s.DefinitionId}' has been suspended for {DurationText.Format(TimeSpan.FromSeconds(Math.Floor(waited.TotalSeconds)))} (since {s.Since:O}); threshold {DurationText.Format(TimeSpan.FromMilliseconds(threshold))}.");
                }).ToList();
            }
            default:
                throw new InvalidOperationException($"Unknown metric '{rule.Metric}'.");
        }
    }

    private static AlertMeasurement Duration(AlertRule rule, string subject, string what, DurationStats stats)
    {
        var statistic = rule.Metric == AlertMetric.P95Duration ? "p95" : "average";
        var value = rule.Metric == AlertMetric.P95Duration ? stats.P95Ms : stats.AvgMs;
        var threshold = rule.Threshold ?? 0;
        var firing = stats.Count >= rule.MinRuns && value > threshold;
        return new AlertMeasurement(subject, value, firing,
            $"{what} took {F(value)} ms ({statistic} of {stats.Count}) in the last {DurationText.Format(rule.Window)}; threshold {F(threshold)} ms.");
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "n/a";
}
