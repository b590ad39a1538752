using Weft.AppHost.Otlp;

namespace Weft.AppHost.Dashboard;

public sealed record LogView(DateTimeOffset Timestamp, string Resource, string Level, int SeverityNumber, string Scope, string Message,
    string? TraceId, string? SpanId, IReadOnlyList<TelemetryAttribute> Attributes);

/// <param name="Resources">Every resource with a span in the trace, first-seen order.</param>
public sealed record TraceSummary(string TraceId, string RootName, string RootResource, IReadOnlyList<string> Resources,
    DateTimeOffset Start, double DurationMs, int SpanCount, bool HasError);

/// <param name="Depth">0 for a root (or a span whose parent was not received), parent depth + 1 otherwise.</param>
/// <param name="OffsetMs">Start relative to the trace's first span.</param>
public sealed record SpanView(string SpanId, string? ParentSpanId, int Depth, string Name, string Resource, string Scope, SpanKind Kind,
    DateTimeOffset Start, double OffsetMs, double DurationMs, SpanStatusCode Status, string? StatusMessage,
    IReadOnlyList<TelemetryAttribute> Attributes, IReadOnlyList<SpanEventView> Events);

public sealed record SpanEventView(string Name, double OffsetMs, IReadOnlyList<TelemetryAttribute> Attributes);

public sealed record TraceDetail(string TraceId, double DurationMs, IReadOnlyList<SpanView> Spans);

public sealed record InstrumentView(string Resource, string Scope, string Name, string Description, string Unit, MetricKind Kind, int Points);

/// <param name="Label">The point attributes (e.g. "http.route=/api"), or "" when it has none.</param>
public sealed record MetricSeries(string Label, IReadOnlyList<MetricSample> Samples);

/// <param name="Value">Gauge/sum value; for a histogram the mean (sum / count).</param>
public sealed record MetricSample(DateTimeOffset Time, double Value, ulong Count);

/// <summary>Filters and shapes what the store holds for the dashboard pages. Reads a snapshot, never blocks ingestion for long.</summary>
internal static class TelemetryQueries
{
    private static readonly string[] LevelOrder = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    public static DateTimeOffset Time(long unixNano) => DateTimeOffset.FromUnixTimeMilliseconds(unixNano / 1_000_000);

    public static IReadOnlyList<string> ResourceNames(TelemetryStore store) =>
        store.Spans().Select(s => s.Resource.Name)
            .Concat(store.Logs().Select(l => l.Resource.Name))
            .Concat(store.MetricPoints().Select(p => p.Resource.Name))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Newest first. <paramref name="minLevel"/> keeps that level and above; <paramref name="text"/> matches message or attribute values.</summary>
    public static IReadOnlyList<LogView> Logs(TelemetryStore store, string? resource, string? minLevel, string? text, int limit)
    {
        var threshold = string.IsNullOrEmpty(minLevel) ? -1 : Array.FindIndex(LevelOrder, l => l.Equals(minLevel, StringComparison.OrdinalIgnoreCase));
        var logs = store.Logs();
        var result = new List<LogView>();
        for (var i = logs.Count - 1; i >= 0 && result.Count < limit; i--)
        {
            var log = logs[i];
            if (!string.IsNullOrEmpty(resource) && log.Resource.Name != resource) continue;
            if (threshold >= 0 && Array.IndexOf(LevelOrder, log.Level) < threshold) continue;
            if (!string.IsNullOrEmpty(text) && !log.Body.Contains(text, StringComparison.OrdinalIgnoreCase)
                && !log.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase))) continue;
            result.Add(new LogView(Time(log.TimeUnixNano), log.Resource.Name, log.Level, log.SeverityNumber, log.Scope, log.Body,
                log.TraceId, log.SpanId, log.Attributes));
        }
        return result;
    }

    /// <summary>Newest trace first. A trace matches when any of its spans is from the resource / contains the name.</summary>
    public static IReadOnlyList<TraceSummary> Traces(TelemetryStore store, string? resource, string? name, double? minDurationMs, string? status, int limit)
    {
        var byTrace = new Dictionary<UInt128, List<StoredSpan>>();
        foreach (var span in store.Spans())
        {
            if (!byTrace.TryGetValue(span.TraceIdValue, out var list)) byTrace[span.TraceIdValue] = list = [];
            list.Add(span);
        }
        var summaries = new List<TraceSummary>();
        foreach (var (traceId, spans) in byTrace)
        {
            var summary = Summarize(SpanIds.Hex(traceId), spans);
            if (!string.IsNullOrEmpty(resource) && !summary.Resources.Contains(resource)) continue;
            if (!string.IsNullOrEmpty(name) && !spans.Any(s => s.Name.Contains(name, StringComparison.OrdinalIgnoreCase))) continue;
            if (minDurationMs is { } min && summary.DurationMs < min) continue;
            if (status is "error" && !summary.HasError) continue;
            if (status is "ok" && summary.HasError) continue;
            summaries.Add(summary);
        }
        return summaries.OrderByDescending(s => s.Start).Take(limit).ToList();
    }

    private static TraceSummary Summarize(string traceId, List<StoredSpan> spans)
    {
        var ids = spans.Select(s => s.SpanIdValue).ToHashSet();
        ids.Remove(0);
        var root = spans.Where(s => !ids.Contains(s.ParentSpanIdValue)).MinBy(s => s.StartUnixNano) ?? spans[0];
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceSummary(traceId, root.Name, root.Resource.Name, spans.Select(s => s.Resource.Name).Distinct().ToList(),
            Time(start), Math.Max(0, end - start) / 1_000_000.0, spans.Count, spans.Any(s => s.Status == SpanStatusCode.Error));
    }

    /// <summary>The trace's spans depth-first: each parent before its children, siblings by start time.</summary>
    public static TraceDetail? Trace(TelemetryStore store, string traceId)
    {
        if (!SpanIds.TryParseTraceId(traceId, out var id)) return null;
        var spans = store.Spans().Where(s => s.TraceIdValue == id).ToList();
        if (spans.Count == 0) return null;
        // A parent id of 0 ("none") is never a span id here, so roots are the spans whose parent is not in the trace.
        var ids = spans.Select(s => s.SpanIdValue).ToHashSet();
        ids.Remove(0); // a (malformed) zero span id must not adopt every root
        var children = spans.Where(s => ids.Contains(s.ParentSpanIdValue))
            .GroupBy(s => s.ParentSpanIdValue).ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartUnixNano).ToList());
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        var ordered = new List<SpanView>(spans.Count);
        var stack = new Stack<(StoredSpan Span, int Depth)>();
        foreach (var root in spans.Where(s => !ids.Contains(s.ParentSpanIdValue)).OrderByDescending(s => s.StartUnixNano))
            stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (span, depth) = stack.Pop();
            ordered.Add(View(span, depth, start));
            if (children.TryGetValue(span.SpanIdValue, out var kids))
                for (var i = kids.Count - 1; i >= 0; i--) stack.Push((kids[i], depth + 1));
        }
        return new TraceDetail(SpanIds.Hex(id), Math.Max(0, end - start) / 1_000_000.0, ordered);
    }

    private static SpanView View(StoredSpan span, int depth, long traceStart) => new(
        span.SpanId, span.ParentSpanId, depth, span.Name, span.Resource.Name, span.Scope, span.Kind, Time(span.StartUnixNano),
        (span.StartUnixNano - traceStart) / 1_000_000.0, span.DurationMs, span.Status, span.StatusMessage, span.Attributes,
        span.Events.Select(e => new SpanEventView(e.Name, (e.TimeUnixNano - traceStart) / 1_000_000.0, e.Attributes)).ToList());

    public static IReadOnlyList<InstrumentView> Instruments(TelemetryStore store, string? resource) =>
        store.MetricPoints()
            .Where(p => string.IsNullOrEmpty(resource) || p.Resource.Name == resource)
            .GroupBy(p => (p.Resource.Name, p.Name))
            .Select(g => { var last = g.Last(); return new InstrumentView(g.Key.Item1, last.Scope, g.Key.Item2, last.Description, last.Unit, last.Kind, g.Count()); })
            .OrderBy(i => i.Resource, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>One series per attribute set of the instrument, samples oldest first.</summary>
    public static IReadOnlyList<MetricSeries> Series(TelemetryStore store, string resource, string name) =>
        store.MetricPoints()
            .Where(p => p.Resource.Name == resource && p.Name == name)
            .GroupBy(p => string.Join(", ", p.Attributes.Select(a => $"{a.Key}={a.Value}")))
            .Select(g => new MetricSeries(g.Key, g.Select(p => new MetricSample(Time(p.TimeUnixNano),
                p.Kind == MetricKind.Histogram ? (p.Count == 0 ? 0 : p.Value / p.Count) : p.Value, p.Count)).ToList()))
            .ToList();
}
