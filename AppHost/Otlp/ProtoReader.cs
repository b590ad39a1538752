using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Weft.AppHost.Otlp;

/// <summary>Protobuf wire types (the low three bits of a field tag).</summary>
internal enum WireType { Varint = 0, Fixed64 = 1, LengthDelimited = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 }

/// <summary>Raised when a payload is not valid protobuf for the OTLP message being read.</summary>
public sealed class OtlpFormatException(string message) : Exception(message);

/// <summary>
/// A forward-only protobuf reader over a span. It never allocates except for the strings it is asked
/// for, checks every length against what is left, and rejects a field whose wire type differs from
/// what the caller expects — so a truncated or garbled payload fails instead of yielding half a message.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public int FieldNumber { get; private set; }
    public WireType WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_position >= _data.Length) return false;
        var tag = ReadRawVarint();
        var field = tag >> 3;
        var wire = (int)(tag & 7);
        if (field == 0 || field > int.MaxValue) throw new OtlpFormatException($"invalid field number {field} at byte {_position}");
        if (wire > 5) throw new OtlpFormatException($"invalid wire type {wire} at byte {_position}");
        FieldNumber = (int)field;
        WireType = (WireType)wire;
        return true;
    }

    public ulong ReadVarint(string what)
    {
        Expect(WireType.Varint, what);
        return ReadRawVarint();
    }

    public ulong ReadFixed64(string what)
    {
        Expect(WireType.Fixed64, what);
        return BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
    }

    public uint ReadFixed32(string what)
    {
        Expect(WireType.Fixed32, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
    }

    public double ReadDouble(string what) => BitConverter.UInt64BitsToDouble(ReadFixed64(what));

    /// <summary>The bytes of a length-delimited field (a nested message, string or bytes).</summary>
    public ReadOnlySpan<byte> ReadBytes(string what)
    {
        Expect(WireType.LengthDelimited, what);
        var length = ReadRawVarint();
        if (length > (ulong)(_data.Length - _position)) throw new OtlpFormatException($"{what}: length {length} runs past the end of the payload");
        return Take((int)length, what);
    }

    public string ReadString(string what)
    {
        var bytes = ReadBytes(what);
        if (bytes.IsEmpty) return "";
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new OtlpFormatException($"{what}: not valid UTF-8"); }
    }

    /// <summary>Steps over a field this reader does not use, still checking it is well formed.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case WireType.Varint: ReadRawVarint(); break;
            case WireType.Fixed64: Take(8, "field"); break;
            case WireType.Fixed32: Take(4, "field"); break;
            case WireType.LengthDelimited: ReadBytes("field"); break;
            default: throw new OtlpFormatException($"field {FieldNumber}: groups are not used by OTLP");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Expect(WireType expected, string what)
    {
        if (WireType != expected) throw new OtlpFormatException($"{what} (field {FieldNumber}): wire type {WireType}, expected {expected}");
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position) throw new OtlpFormatException($"{what}: truncated");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private ulong ReadRawVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length) throw new OtlpFormatException("truncated varint");
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new OtlpFormatException("varint longer than 10 bytes");
    }
}
