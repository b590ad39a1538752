namespace Weft.AppHost.Otlp;

/// <summary>
/// Decodes an ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) into spans. The whole
/// payload is decoded before anything is returned, so a malformed request stores nothing.
/// </summary>
internal static class TraceDecoder
{
    private static readonly SpanEvent[] NoEvents = [];

    /// <summary>ExportTraceServiceRequest: 1 resource_spans.</summary>
    public static List<StoredSpan> Decode(ReadOnlySpan<byte> payload)
    {
        var spans = new List<StoredSpan>(512);
        var reader = new ProtoReader(payload);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1) ReadResourceSpans(reader.ReadBytes("ExportTraceServiceRequest.resource_spans"), spans);
            else reader.Skip();
        }
        return spans;
    }

    /// <summary>ResourceSpans: 1 resource, 2 scope_spans, 3 schema_url.</summary>
    private static void ReadResourceSpans(ReadOnlySpan<byte> data, List<StoredSpan> spans)
    {
        var resource = OtlpCommon.FindResource(data);
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2) ReadScopeSpans(reader.ReadBytes("ResourceSpans.scope_spans"), resource, spans);
            else reader.Skip();
        }
    }

    /// <summary>ScopeSpans: 1 scope, 2 spans, 3 schema_url.</summary>
    private static void ReadScopeSpans(ReadOnlySpan<byte> data, TelemetryResource resource, List<StoredSpan> spans)
    {
        var scope = OtlpCommon.FindScopeName(data);
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2) spans.Add(ReadSpan(reader.ReadBytes("ScopeSpans.spans"), resource, scope));
            else reader.Skip();
        }
    }

    /// <summary>
    /// Span: 1 trace_id, 2 span_id, 3 trace_state, 4 parent_span_id, 5 name, 6 kind, 7 start_time_unix_nano,
    /// 8 end_time_unix_nano, 9 attributes, 10 dropped_attributes_count, 11 events, 12 dropped_events_count,
    /// 13 links, 14 dropped_links_count, 15 status, 16 flags.
    /// </summary>
    private static StoredSpan ReadSpan(ReadOnlySpan<byte> data, TelemetryResource resource, string scope)
    {
        UInt128 traceId = 0;
        ulong spanId = 0, parent = 0;
        bool hasTraceId = false, hasSpanId = false;
        string? statusMessage = null;
        var name = "";
        var kind = SpanKind.Unspecified;
        var status = SpanStatusCode.Unset;
        long start = 0, end = 0;
        List<TelemetryAttribute>? attributes = null;
        List<SpanEvent>? events = null;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: traceId = SpanIds.TraceId(reader.ReadBytes("Span.trace_id"), "Span.trace_id"); hasTraceId = true; break;
                case 2: spanId = SpanIds.SpanId(reader.ReadBytes("Span.span_id"), "Span.span_id", optional: false); hasSpanId = true; break;
                case 4: parent = SpanIds.SpanId(reader.ReadBytes("Span.parent_span_id"), "Span.parent_span_id", optional: true); break;
                case 5: name = OtlpCommon.ReadName(ref reader, "Span.name"); break;
                case 6: kind = (SpanKind)(int)Math.Min(reader.ReadVarint("Span.kind"), 5); break;
                case 7: start = (long)reader.ReadFixed64("Span.start_time_unix_nano"); break;
                case 8: end = (long)reader.ReadFixed64("Span.end_time_unix_nano"); break;
                case 9: OtlpCommon.AddAttribute(ref attributes, reader.ReadBytes("Span.attributes")); break;
                case 11: (events ??= []).Add(ReadEvent(reader.ReadBytes("Span.events"))); break;
                case 15: (status, statusMessage) = ReadStatus(reader.ReadBytes("Span.status")); break;
                default: reader.Skip(); break;
            }
        }
        if (!hasTraceId || !hasSpanId) throw new OtlpFormatException("Span: trace_id and span_id are required");
        return new StoredSpan(resource, scope, traceId, spanId, parent, name, kind, start, end, status, statusMessage,
            OtlpCommon.Freeze(attributes), events is null ? NoEvents : events.ToArray());
    }

    /// <summary>Span.Event: 1 time_unix_nano, 2 name, 3 attributes, 4 dropped_attributes_count.</summary>
    private static SpanEvent ReadEvent(ReadOnlySpan<byte> data)
    {
        long time = 0;
        var name = "";
        List<TelemetryAttribute>? attributes = null;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: time = (long)reader.ReadFixed64("Span.Event.time_unix_nano"); break;
                case 2: name = OtlpCommon.ReadName(ref reader, "Span.Event.name"); break;
                case 3: OtlpCommon.AddAttribute(ref attributes, reader.ReadBytes("Span.Event.attributes")); break;
                default: reader.Skip(); break;
            }
        }
        return new SpanEvent(name, time, OtlpCommon.Freeze(attributes));
    }

    /// <summary>Status: 2 message, 3 code (0 unset, 1 ok, 2 error).</summary>
    private static (SpanStatusCode, string?) ReadStatus(ReadOnlySpan<byte> data)
    {
        var code = SpanStatusCode.Unset;
        string? message = null;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 2: message = reader.ReadString("Status.message"); break;
                case 3: code = (SpanStatusCode)(int)Math.Min(reader.ReadVarint("Status.code"), 2); break;
                default: reader.Skip(); break;
            }
        }
        return (code, string.IsNullOrEmpty(message) ? null : message);
    }
}
