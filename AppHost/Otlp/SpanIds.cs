using System.Buffers.Binary;
using System.Globalization;

namespace Weft.AppHost.Otlp;

/// <summary>Trace ids (16 bytes) and span ids (8 bytes) as numbers, in the byte order OTLP sends, and their hex form.</summary>
internal static class SpanIds
{
    public static UInt128 TraceId(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length != 16) throw new OtlpFormatException($"{what}: {bytes.Length} bytes, expected 16");
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>A span id; an empty or all-zero one (allowed for a parent) is 0, "none".</summary>
    public static ulong SpanId(ReadOnlySpan<byte> bytes, string what, bool optional)
    {
        if (bytes.IsEmpty && optional) return 0;
        if (bytes.Length != 8) throw new OtlpFormatException($"{what}: {bytes.Length} bytes, expected 8");
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    public static string Hex(UInt128 id)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        return Convert.ToHexStringLower(bytes);
    }

    public static string Hex(ulong id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool TryParseTraceId(string hex, out UInt128 id)
    {
        id = default;
        return hex.Length == 32 && UInt128.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }
}
