using System.Collections.Concurrent;

namespace Weft.AppHost.Otlp;

/// <summary>
/// Maps short encoded byte sequences (attribute key/value pairs, span names, scope names) to the object
/// decoded from them, so the thousands of spans that repeat "weft.activity.type=ai.chat" share one
/// object instead of allocating it again. A hit allocates nothing. Bounded: once full, new sequences are
/// decoded as usual and not remembered, so a high-cardinality value cannot grow it without limit.
/// </summary>
internal sealed class Utf8Cache<T>(int maxEntries, int maxBytes) where T : class
{
    private readonly ConcurrentDictionary<byte[], T> _entries = new(ByteContentComparer.Instance);

    public delegate T Decode(ReadOnlySpan<byte> bytes);

    public T GetOrDecode(ReadOnlySpan<byte> bytes, Decode decode)
    {
        if (bytes.Length > maxBytes) return decode(bytes);
        var lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(bytes, out var cached)) return cached;
        var value = decode(bytes);
        if (_entries.Count < maxEntries) _entries.TryAdd(bytes.ToArray(), value);
        return value;
    }

    private sealed class ByteContentComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteContentComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
