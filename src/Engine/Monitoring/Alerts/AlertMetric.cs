namespace Weft.Engine.Monitoring.Alerts;

/// <summary>What an alert rule watches (the rule's <c>metric</c>), with the JSON names rules use.</summary>
public static class AlertMetric
{
    /// <summary>A workflow's failures / (successes + failures) over the window, in percent, above the threshold.</summary>
    public const string FailureRate = "failureRate";

    /// <summary>A workflow's (or, with <c>node</c>, a node's) average duration over the window above the threshold.</summary>
    public const string AvgDuration = "avgDuration";

    /// <summary>The same with the 95th percentile (nearest rank).</summary>
    public const string P95Duration = "p95Duration";

    /// <summary>A node's successes / runs over the window, in percent, below the threshold.</summary>
    public const string NodeSuccessRate = "nodeSuccessRate";

    /// <summary>A queue with work waiting and no live worker (no threshold).</summary>
    public const string QueueStalled = "queueStalled";

    /// <summary>An instance suspended for longer than the threshold (a duration).</summary>
    public const string SuspendedFor = "suspendedFor";

    public static readonly IReadOnlyList<string> All = [FailureRate, AvgDuration, P95Duration, NodeSuccessRate, QueueStalled, SuspendedFor];

    public static bool IsRate(string metric) => metric is FailureRate or NodeSuccessRate;

    public static bool IsDuration(string metric) => metric is AvgDuration or P95Duration or SuspendedFor;

    /// <summary>Metrics computed over a window of recent activity.</summary>
    public static bool IsWindowed(string metric) => metric is FailureRate or AvgDuration or P95Duration or NodeSuccessRate;
}
