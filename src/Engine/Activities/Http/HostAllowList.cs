namespace Weft.Engine.Activities.Http;

/// <summary>Matches a request's host against <see cref="HttpActivityOptions.AllowedHosts"/>.</summary>
public static class HostAllowList
{
    /// <summary>
    /// True when <paramref name="host"/> is listed exactly, matches a <c>*.suffix</c> entry (a
    /// subdomain of suffix), or the list holds <c>*</c>. IPv6 hosts match with or without brackets.
    /// </summary>
    public static bool Allows(IEnumerable<string> allowedHosts, string host)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        var bare = host.Trim('[', ']');
        foreach (var raw in allowedHosts)
        {
            var entry = raw?.Trim().Trim('[', ']');
            if (string.IsNullOrEmpty(entry)) continue;
            if (entry == "*") return true;
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                // "*.example.com" → ".example.com": a real subdomain, never "badexample.com".
                if (bare.Length > entry.Length - 1 && bare.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase)) return true;
                continue;
            }
            if (string.Equals(entry, bare, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
