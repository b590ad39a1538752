using System.Buffers.Binary;
using System.Text;

namespace Weft.Bench;

/// <summary>
/// Pre-encoded OTLP/HTTP protobuf trace batches shaped like the .NET SDK's exports: one resource with a
/// few attributes, one scope, <c>spansPerBatch</c> server/internal spans with 6 attributes and ids.
/// </summary>
internal static class OtlpPayloads
{
    public static byte[] TraceBatch(int spansPerBatch, int seed)
    {
        var random = new Random(seed);
        var request = new Writer();
        request.Message(1, resourceSpans =>
        {
            resourceSpans.Message(1, resource =>
            {
                resource.Attribute(1, "service.name", "workflow-server");
                resource.Attribute(1, "service.instance.id", "7f3c2a");
                resource.Attribute(1, "telemetry.sdk.name", "opentelemetry");
                resource.Attribute(1, "telemetry.sdk.language", "dotnet");
            });
            resourceSpans.Message(2, scopeSpans =>
            {
                scopeSpans.Message(1, scope => scope.String(1, "Weft.Engine").String(2, "1.0.0"));
                var traceId = new byte[16];
                var spanId = new byte[8];
                var parentId = new byte[8];
                for (var i = 0; i < spansPerBatch; i++)
                {
                    if (i % 10 == 0) random.NextBytes(traceId);
                    random.NextBytes(spanId);
                    var start = 1_763_800_000_000_000_000UL + (ulong)i * 1_000_000;
                    scopeSpans.Message(2, span =>
                    {
                        span.Bytes(1, traceId).Bytes(2, spanId);
                        if (i % 10 != 0) span.Bytes(4, parentId);
                        span.String(5, i % 10 == 0 ? "POST /workflows/{route}" : "node summarize")
                            .Varint(6, i % 10 == 0 ? 2UL : 1UL)
                            .Fixed64(7, start).Fixed64(8, start + 750_000);
                        span.Attribute(9, "weft.instance.id", "01JDX4M2W9K3Q8R5T7V6Y1Z0AB");
                        span.Attribute(9, "weft.node.id", "summarize");
                        span.Attribute(9, "weft.activity.type", "ai.chat");
                        span.Attribute(9, "gen_ai.request.model", "gpt-4o-mini");
                        span.IntAttribute(9, "weft.attempt", 1);
                        span.IntAttribute(9, "gen_ai.usage.input_tokens", 812);
                    });
                    if (i % 10 == 0) spanId.CopyTo(parentId, 0);
                }
            });
        });
        return request.ToArray();
    }

    private sealed class Writer
    {
        private readonly MemoryStream _buffer = new();

        public byte[] ToArray() => _buffer.ToArray();

        public Writer Varint(int field, ulong value) => Tag(field, 0).Raw(value);

        public Writer Fixed64(int field, ulong value)
        {
            Tag(field, 1);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            _buffer.Write(bytes);
            return this;
        }

        public Writer Bytes(int field, ReadOnlySpan<byte> value)
        {
            Tag(field, 2).Raw((ulong)value.Length);
            _buffer.Write(value);
            return this;
        }

        public Writer String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Writer Message(int field, Action<Writer> write)
        {
            var inner = new Writer();
            write(inner);
            return Bytes(field, inner.ToArray());
        }

        /// <summary>KeyValue (field 1 of a Resource, 9 of a Span) with a string AnyValue.</summary>
        public Writer Attribute(int field, string key, string value) =>
            Message(field, kv => kv.String(1, key).Message(2, any => any.String(1, value)));

        public Writer IntAttribute(int field, string key, long value) =>
            Message(field, kv => kv.String(1, key).Message(2, any => any.Varint(3, (ulong)value)));

        private Writer Tag(int field, int wire) => Raw(((ulong)field << 3) | (uint)wire);

        private Writer Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _buffer.WriteByte((byte)value);
            return this;
        }
    }
}
