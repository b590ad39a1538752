namespace Weft.AppHost.Otlp;

/// <summary>How many of each signal the dashboard keeps in memory; the oldest are dropped past these.</summary>
public sealed class TelemetryRetention
{
    /// <summary>Spans kept. Default 100,000.</summary>
    public int MaxSpans { get; init; } = 100_000;

    /// <summary>Structured log records kept. Default 50,000.</summary>
    public int MaxLogs { get; init; } = 50_000;

    /// <summary>Metric data points kept (every point of every instrument counts). Default 100,000.</summary>
    public int MaxMetricPoints { get; init; } = 100_000;
}

/// <summary>Kept/dropped counts of all three signals.</summary>
public sealed record RetentionCounts(RetentionCount Spans, RetentionCount Logs, RetentionCount MetricPoints);

/// <summary>The in-memory telemetry the OTLP receiver fills and the dashboard reads.</summary>
public sealed class TelemetryStore(TelemetryRetention retention)
{
    private readonly RingBuffer<StoredSpan> _spans = new(retention.MaxSpans);
    private readonly RingBuffer<StoredLog> _logs = new(retention.MaxLogs);
    private readonly RingBuffer<StoredMetricPoint> _metrics = new(retention.MaxMetricPoints);

    internal void Add(List<StoredSpan> spans) => _spans.AddRange(spans);
    internal void Add(List<StoredLog> logs) => _logs.AddRange(logs);
    internal void Add(List<StoredMetricPoint> points) => _metrics.AddRange(points);

    public IReadOnlyList<StoredSpan> Spans() => _spans.Snapshot();
    public IReadOnlyList<StoredLog> Logs() => _logs.Snapshot();
    public IReadOnlyList<StoredMetricPoint> MetricPoints() => _metrics.Snapshot();

    public RetentionCounts Counts() => new(_spans.Count(), _logs.Count(), _metrics.Count());
}
