using System.Text;

namespace Weft.Activities.Providers;

/// <summary>
/// FNV-1a (64-bit) over the UTF-8 bytes of a run of runes, finished with MurmurHash3's 64-bit mix so
/// that the low bits (the bucket) and the top bit (the sign) are independent. Stable across
/// processes, machines and .NET versions — unlike <see cref="string.GetHashCode()"/>, which is
/// randomised per process — so stored vectors stay comparable with new ones.
/// </summary>
internal static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Hashes <paramref name="kind"/> (a feature family, so a word and an n-gram with the same letters differ) then the runes.</summary>
    public static ulong Of(byte kind, ReadOnlySpan<Rune> runes)
    {
        var hash = (OffsetBasis ^ kind) * Prime;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in runes)
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++) hash = (hash ^ utf8[i]) * Prime;
        }
        return Mix(hash);
    }

    /// <summary>Plain FNV-1a 64 of bytes: the same function as <see cref="Of"/>, without the kind and the mix (checked against the published test vectors).</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = OffsetBasis;
        foreach (var b in bytes) hash = (hash ^ b) * Prime;
        return hash;
    }

    /// <summary>MurmurHash3 fmix64.</summary>
    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
