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

/// <summary>
/// A received span. Ids are kept as numbers (one object per span instead of four: the store holds up
/// to 100,000 of them) and rendered as lower-case hex when read.
/// </summary>
public sealed class StoredSpan
{
    internal StoredSpan(TelemetryResource resource, string scope, UInt128 traceId, ulong spanId, ulong parentSpanId, string name,
        SpanKind kind, long startUnixNano, long endUnixNano, SpanStatusCode status, string? statusMessage,
        IReadOnlyList<TelemetryAttribute> attributes, IReadOnlyList<SpanEvent> events)
    {
        Resource = resource;
        Scope = scope;
        TraceIdValue = traceId;
        SpanIdValue = spanId;
        ParentSpanIdValue = parentSpanId;
        Name = name;
        Kind = kind;
        StartUnixNano = startUnixNano;
        EndUnixNano = endUnixNano;
        Status = status;
        StatusMessage = statusMessage;
        Attributes = attributes;
        Events = events;
    }

    public TelemetryResource Resource { get; }

    /// <summary>The instrumentation scope (ActivitySource name).</summary>
    public string Scope { get; }

    internal UInt128 TraceIdValue { get; }
    internal ulong SpanIdValue { get; }

    /// <summary>0 for a root span.</summary>
    internal ulong ParentSpanIdValue { get; }

    public string TraceId => SpanIds.Hex(TraceIdValue);
    public string SpanId => SpanIds.Hex(SpanIdValue);

    /// <summary>Null for a root span.</summary>
    public string? ParentSpanId => ParentSpanIdValue == 0 ? null : SpanIds.Hex(ParentSpanIdValue);

    public string Name { get; }
    public SpanKind Kind { get; }
    public long StartUnixNano { get; }
    public long EndUnixNano { get; }
    public SpanStatusCode Status { get; }
    public string? StatusMessage { get; }
    public IReadOnlyList<TelemetryAttribute> Attributes { get; }
    public IReadOnlyList<SpanEvent> Events { get; }

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
