namespace Weft.AppHost.Otlp;

/// <summary>
/// Decodes an ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1): gauges, sums and
/// explicit-bucket histograms become points; exponential histograms and summaries are checked for form
/// and skipped.
/// </summary>
internal static class MetricDecoder
{
    private static readonly double[] NoBounds = [];
    private static readonly ulong[] NoBuckets = [];

    private readonly record struct Instrument(TelemetryResource Resource, string Scope, string Name, string Description, string Unit);

    /// <summary>ExportMetricsServiceRequest: 1 resource_metrics.</summary>
    public static List<StoredMetricPoint> Decode(ReadOnlySpan<byte> payload)
    {
        var points = new List<StoredMetricPoint>(128);
        var reader = new ProtoReader(payload);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1) ReadResourceMetrics(reader.ReadBytes("ExportMetricsServiceRequest.resource_metrics"), points);
            else reader.Skip();
        }
        return points;
    }

    /// <summary>ResourceMetrics: 1 resource, 2 scope_metrics, 3 schema_url.</summary>
    private static void ReadResourceMetrics(ReadOnlySpan<byte> data, List<StoredMetricPoint> points)
    {
        var resource = OtlpCommon.FindResource(data);
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2) ReadScopeMetrics(reader.ReadBytes("ResourceMetrics.scope_metrics"), resource, points);
            else reader.Skip();
        }
    }

    /// <summary>ScopeMetrics: 1 scope, 2 metrics, 3 schema_url.</summary>
    private static void ReadScopeMetrics(ReadOnlySpan<byte> data, TelemetryResource resource, List<StoredMetricPoint> points)
    {
        var scope = OtlpCommon.FindScopeName(data);
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2) ReadMetric(reader.ReadBytes("ScopeMetrics.metrics"), resource, scope, points);
            else reader.Skip();
        }
    }

    /// <summary>
    /// Metric: 1 name, 2 description, 3 unit, 5 gauge, 7 sum, 9 histogram, 10 exponential_histogram,
    /// 11 summary, 12 metadata. The name may follow the data on the wire, so it is read first.
    /// </summary>
    private static void ReadMetric(ReadOnlySpan<byte> data, TelemetryResource resource, string scope, List<StoredMetricPoint> points)
    {
        string name = "", description = "", unit = "";
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: name = OtlpCommon.ReadName(ref reader, "Metric.name"); break;
                case 2: description = reader.ReadString("Metric.description"); break;
                case 3: unit = reader.ReadString("Metric.unit"); break;
                default: reader.Skip(); break;
            }
        }
        var instrument = new Instrument(resource, scope, name, description, unit);
        reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 5: ReadNumberPoints(reader.ReadBytes("Metric.gauge"), instrument, MetricKind.Gauge, points); break;
                case 7: ReadNumberPoints(reader.ReadBytes("Metric.sum"), instrument, MetricKind.Sum, points); break;
                case 9: ReadHistogram(reader.ReadBytes("Metric.histogram"), instrument, points); break;
                case 1 or 2 or 3: reader.ReadBytes("Metric"); break;
                default: reader.Skip(); break;
            }
        }
    }

    /// <summary>Gauge: 1 data_points. Sum: 1 data_points, 2 aggregation_temporality, 3 is_monotonic.</summary>
    private static void ReadNumberPoints(ReadOnlySpan<byte> data, Instrument instrument, MetricKind kind, List<StoredMetricPoint> points)
    {
        var monotonic = false;
        var first = points.Count;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: points.Add(ReadNumberPoint(reader.ReadBytes("data_points"), instrument, kind)); break;
                case 2: reader.ReadVarint("Sum.aggregation_temporality"); break;
                case 3 when kind == MetricKind.Sum: monotonic = reader.ReadVarint("Sum.is_monotonic") != 0; break;
                default: reader.Skip(); break;
            }
        }
        if (monotonic)
            for (var i = first; i < points.Count; i++) points[i] = points[i] with { IsMonotonic = true };
    }

    /// <summary>
    /// NumberDataPoint: 7 attributes, 2 start_time_unix_nano, 3 time_unix_nano, 4 as_double, 6 as_int
    /// (sfixed64), 5 exemplars, 8 flags.
    /// </summary>
    private static StoredMetricPoint ReadNumberPoint(ReadOnlySpan<byte> data, Instrument instrument, MetricKind kind)
    {
        long time = 0;
        double value = 0;
        List<TelemetryAttribute>? attributes = null;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 7: OtlpCommon.AddAttribute(ref attributes, reader.ReadBytes("NumberDataPoint.attributes")); break;
                case 2: reader.ReadFixed64("NumberDataPoint.start_time_unix_nano"); break;
                case 3: time = (long)reader.ReadFixed64("NumberDataPoint.time_unix_nano"); break;
                case 4: value = reader.ReadDouble("NumberDataPoint.as_double"); break;
                case 6: value = (long)reader.ReadFixed64("NumberDataPoint.as_int"); break;
                case 8: reader.ReadVarint("NumberDataPoint.flags"); break;
                default: reader.Skip(); break;
            }
        }
        return new StoredMetricPoint(instrument.Resource, instrument.Scope, instrument.Name, instrument.Description, instrument.Unit,
            kind, false, time, value, 0, null, null, NoBounds, NoBuckets, OtlpCommon.Freeze(attributes));
    }

    /// <summary>Histogram: 1 data_points, 2 aggregation_temporality.</summary>
    private static void ReadHistogram(ReadOnlySpan<byte> data, Instrument instrument, List<StoredMetricPoint> points)
    {
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: points.Add(ReadHistogramPoint(reader.ReadBytes("Histogram.data_points"), instrument)); break;
                case 2: reader.ReadVarint("Histogram.aggregation_temporality"); break;
                default: reader.Skip(); break;
            }
        }
    }

    /// <summary>
    /// HistogramDataPoint: 9 attributes, 2 start_time_unix_nano, 3 time_unix_nano, 4 count, 5 sum,
    /// 6 bucket_counts (packed fixed64), 7 explicit_bounds (packed double), 8 exemplars, 10 flags, 11 min, 12 max.
    /// </summary>
    private static StoredMetricPoint ReadHistogramPoint(ReadOnlySpan<byte> data, Instrument instrument)
    {
        long time = 0;
        ulong count = 0;
        double sum = 0;
        double? min = null, max = null;
        double[] bounds = NoBounds;
        ulong[] buckets = NoBuckets;
        List<TelemetryAttribute>? attributes = null;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 9: OtlpCommon.AddAttribute(ref attributes, reader.ReadBytes("HistogramDataPoint.attributes")); break;
                case 2: reader.ReadFixed64("HistogramDataPoint.start_time_unix_nano"); break;
                case 3: time = (long)reader.ReadFixed64("HistogramDataPoint.time_unix_nano"); break;
                case 4: count = reader.ReadFixed64("HistogramDataPoint.count"); break;
                case 5: sum = reader.ReadDouble("HistogramDataPoint.sum"); break;
                case 6: buckets = ReadPackedFixed64(ref reader, "HistogramDataPoint.bucket_counts", buckets); break;
                case 7: bounds = ReadPackedDoubles(ref reader, "HistogramDataPoint.explicit_bounds", bounds); break;
                case 10: reader.ReadVarint("HistogramDataPoint.flags"); break;
                case 11: min = reader.ReadDouble("HistogramDataPoint.min"); break;
                case 12: max = reader.ReadDouble("HistogramDataPoint.max"); break;
                default: reader.Skip(); break;
            }
        }
        return new StoredMetricPoint(instrument.Resource, instrument.Scope, instrument.Name, instrument.Description, instrument.Unit,
            MetricKind.Histogram, false, time, sum, count, min, max, bounds, buckets, OtlpCommon.Freeze(attributes));
    }

    /// <summary>Repeated fixed64: packed (one length-delimited run) or, as proto3 also allows, one value per field.</summary>
    private static ulong[] ReadPackedFixed64(ref ProtoReader reader, string what, ulong[] soFar)
    {
        if (reader.WireType == WireType.Fixed64) return [.. soFar, reader.ReadFixed64(what)];
        var bytes = reader.ReadBytes(what);
        if (bytes.Length % 8 != 0) throw new OtlpFormatException($"{what}: packed length {bytes.Length} is not a multiple of 8");
        var values = new ulong[bytes.Length / 8];
        for (var i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        return [.. soFar, .. values];
    }

    private static double[] ReadPackedDoubles(ref ProtoReader reader, string what, double[] soFar)
    {
        if (reader.WireType == WireType.Fixed64) return [.. soFar, reader.ReadDouble(what)];
        var bytes = reader.ReadBytes(what);
        if (bytes.Length % 8 != 0) throw new OtlpFormatException($"{what}: packed length {bytes.Length} is not a multiple of 8");
        var values = new double[bytes.Length / 8];
        for (var i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
        return [.. soFar, .. values];
    }
}
