using System.Security.Cryptography;
using System.Text;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Compares a presented key with the configured ones in time that depends on neither: both sides are
/// hashed to 32 bytes first (so the length of a key leaks nothing) and every configured key is compared
/// (no early exit on the first match).
/// </summary>
internal static class ApiKeys
{
    public const string Header = "X-Api-Key";

    public static bool Matches(string presented, IEnumerable<string> configured)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in configured)
        {
            if (string.IsNullOrEmpty(key)) continue;
            match |= CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }
        return match;
    }
}
