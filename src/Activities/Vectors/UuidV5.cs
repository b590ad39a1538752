using System.Security.Cryptography;
using System.Text;

namespace Weft.Activities.Vectors;

/// <summary>Name-based UUIDs (RFC 9562 version 5, SHA-1): the same namespace and name always give the same UUID.</summary>
public static class UuidV5
{
    /// <summary>The namespace Weft derives Qdrant point ids in. Fixed forever: changing it would orphan every stored point.</summary>
    public static readonly Guid PointIdNamespace = new("6f1c3a52-8d4e-4b7a-9c2e-5a0d7e3f1b84");

    public static Guid Create(Guid @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> input = stackalloc byte[16];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        input.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 specifies for version 5; it names, it does not protect.
        var hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
