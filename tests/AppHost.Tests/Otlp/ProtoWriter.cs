using System.Buffers.Binary;
using System.Text;

namespace Weft.AppHost.Tests.OtlpTests;

/// <summary>
/// A minimal protobuf encoder for hand-made OTLP payloads: valid ones with a known shape, and the
/// malformed variants (wrong wire types, bad lengths) the receiver must refuse.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public byte[] ToArray() => _buffer.ToArray();

    public ProtoWriter Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    public ProtoWriter Varint(int field, ulong value) => Tag(field, 0).RawVarint(value);

    public ProtoWriter Fixed64(int field, ulong value)
    {
        Tag(field, 1);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public ProtoWriter Double(int field, double value) => Fixed64(field, BitConverter.DoubleToUInt64Bits(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2).RawVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        return Bytes(field, inner.ToArray());
    }

    public ProtoWriter RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
        return this;
    }

    /// <summary>KeyValue with a string AnyValue.</summary>
    public ProtoWriter Attribute(int field, string key, string value) =>
        Message(field, kv => kv.String(1, key).Message(2, any => any.String(1, value)));

    /// <summary>An ExportTraceServiceRequest with one resource (service.name) and one scope holding spans named <paramref name="names"/>.</summary>
    public static byte[] Traces(string service, params string[] names) => new ProtoWriter()
        .Message(1, rs => rs
            .Message(1, resource => resource.Attribute(1, "service.name", service))
            .Message(2, ss =>
            {
                ss.Message(1, scope => scope.String(1, "hand.made"));
                for (var i = 0; i < names.Length; i++) ss.Message(2, span => Span(span, names[i], i));
            }))
        .ToArray();

    /// <summary>An ExportLogsServiceRequest with one log record per body, severity 9 (info).</summary>
    public static byte[] Logs(string service, params string[] bodies) => new ProtoWriter()
        .Message(1, rl => rl
            .Message(1, resource => resource.Attribute(1, "service.name", service))
            .Message(2, sl =>
            {
                foreach (var body in bodies)
                    sl.Message(2, log => log.Fixed64(1, 1_700_000_000_000_000_000UL).Varint(2, 9).Message(5, any => any.String(1, body)));
            }))
        .ToArray();

    /// <summary>An ExportMetricsServiceRequest with one gauge holding one double point per value.</summary>
    public static byte[] Gauge(string service, string name, params double[] values) => new ProtoWriter()
        .Message(1, rm => rm
            .Message(1, resource => resource.Attribute(1, "service.name", service))
            .Message(2, sm => sm.Message(2, metric =>
            {
                metric.String(1, name);
                metric.Message(5, gauge =>
                {
                    for (var i = 0; i < values.Length; i++)
                        gauge.Message(1, point => point.Fixed64(3, 1_700_000_000_000_000_000UL + (ulong)i).Double(4, values[i]));
                });
            })))
        .ToArray();

    public static void Span(ProtoWriter span, string name, int index)
    {
        var traceId = new byte[16];
        traceId[0] = 0xAB;
        traceId[15] = (byte)(index + 1);
        var spanId = new byte[8];
        spanId[7] = (byte)(index + 1);
        span.Bytes(1, traceId).Bytes(2, spanId).String(5, name).Varint(6, 2)
            .Fixed64(7, 1_700_000_000_000_000_000UL + (ulong)index * 1_000_000)
            .Fixed64(8, 1_700_000_000_000_000_000UL + (ulong)index * 1_000_000 + 500_000)
            .Attribute(9, "index", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
