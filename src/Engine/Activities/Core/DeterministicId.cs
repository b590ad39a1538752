using System.Security.Cryptography;
using System.Text;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Name-based UUIDs (version 5, RFC 9562): the same name always gives the same id. Used for
/// child instance ids so that an attempt re-run after a crash starts — and finds — the same child.
/// </summary>
public static class DeterministicId
{
    /// <summary>The namespace of Weft's child-instance ids (a fixed random UUID).</summary>
    private static readonly Guid ChildInstanceNamespace = new("0b1f6c3e-5a0d-4f5e-9a57-2f3c8d7e6b41");

    public static string ForChildInstance(string idempotencyKey) => Create(ChildInstanceNamespace, idempotencyKey).ToString("D");

    public static Guid Create(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(buffer, bigEndian: true, out _);
        nameBytes.CopyTo(buffer, 16);

        // RFC 9562 prescribes SHA-1 for version 5; it names, it does not protect anything.
#pragma warning disable CA5350
        var hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
