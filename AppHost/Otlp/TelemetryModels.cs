namespace Weft.AppHost.Otlp;

/// <summary>An OTLP attribute with its value rendered as text (arrays and maps as JSON-like text).</summary>
public sealed record TelemetryAttribute(string Key, string Value);

/// <summary>What sent the telemetry: the OTLP resource, named by its <c>service.name</c>.</summary>
public sealed record TelemetryResource(string Name, IReadOnlyList<TelemetryAttribute> Attributes)
{
    public const string UnknownName = "unknown_service";
}

public enum SpanKind { Unspecified = 0, Internal = 1, Server = 2, Client = 3, Producer = 4, Consumer = 5 }

public enum SpanStatusCode { Unset = 0, Ok = 1, Error = 2 }

public sealed record SpanEvent(string Name, long TimeUnixNano, IReadOnlyList<TelemetryAttribute> Attributes);

/// <param name="ParentSpanId">Null for a root span.</param>
/// <param name="Scope">The instrumentation scope (ActivitySource name).</param>
public sealed record StoredSpan(
    TelemetryResource Resource,
    string Scope,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    SpanKind Kind,
    long StartUnixNano,
    long EndUnixNano,
    SpanStatusCode Status,
    string? StatusMessage,
    IReadOnlyList<TelemetryAttribute> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;
}

/// <param name="SeverityNumber">OTLP severity 1–24 (0 = unspecified).</param>
/// <param name="Level">Trace, Debug, Information, Warning, Error or Critical, from the severity number.</param>
public sealed record StoredLog(
    TelemetryResource Resource,
    string Scope,
    long TimeUnixNano,
    int SeverityNumber,
    string Level,
    string Body,
    string? TraceId,
    string? SpanId,
    IReadOnlyList<TelemetryAttribute> Attributes);

public enum MetricKind { Gauge, Sum, Histogram }

/// <summary>
/// One data point of one instrument. For gauges and sums <see cref="Value"/> is the number; for
/// histograms it is the sum of the recorded values and <see cref="Count"/>, bounds and buckets are set.
/// </summary>
public sealed record StoredMetricPoint(
    TelemetryResource Resource,
    string Scope,
    string Name,
    string Description,
    string Unit,
    MetricKind Kind,
    bool IsMonotonic,
    long TimeUnixNano,
    double Value,
    ulong Count,
    double? Min,
    double? Max,
    IReadOnlyList<double> ExplicitBounds,
    IReadOnlyList<ulong> BucketCounts,
    IReadOnlyList<TelemetryAttribute> Attributes);
