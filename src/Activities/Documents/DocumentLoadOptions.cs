namespace Weft.Activities.Documents;

/// <summary>
/// What <c>document.load</c> may fetch. The host registers one instance (with its own allow-list);
/// without one the defaults below apply.
/// </summary>
public sealed class DocumentLoadOptions
{
    /// <summary>The default <see cref="MaxBytes"/>: 5 MiB.</summary>
    public const long DefaultMaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Hosts URLs may point at: exact names (<c>docs.example.com</c>, <c>127.0.0.1</c>), subdomain
    /// wildcards (<c>*.example.com</c>, which also matches <c>example.com</c>), or <c>*</c> for any host.
    /// Checked for every redirect too. Default: <c>["*"]</c> — any host; a server should set its list.
    /// </summary>
    public IList<string> AllowedHosts { get; init; } = ["*"];

    /// <summary>Largest document accepted, in bytes after decompression (URLs and stored documents alike). Default: 5 MiB.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Time for one fetch, redirects included. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed before giving up. Default: 5.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Sent as User-Agent. Default: <c>Weft-DocumentLoader/1.0</c>.</summary>
    public string UserAgent { get; init; } = "Weft-DocumentLoader/1.0";

    /// <summary>True when <paramref name="host"/> matches <see cref="AllowedHosts"/>.</summary>
    public bool IsHostAllowed(string host)
    {
        foreach (var entry in AllowedHosts)
        {
            var pattern = entry.Trim();
            if (pattern == "*") return true;
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var domain = pattern[2..];
                if (host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase)) return true;
            }
            else if (host.Equals(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
