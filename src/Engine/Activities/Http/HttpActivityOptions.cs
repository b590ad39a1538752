namespace Weft.Engine.Activities.Http;

/// <summary>
/// Limits of <c>http.request</c>, resolved from <see cref="ActivityContext.Services"/>. The server
/// registers them from the configuration section <see cref="SectionName"/>; when no instance is
/// registered at all (the CLI), every host is allowed and the defaults below apply.
/// </summary>
public sealed class HttpActivityOptions
{
    /// <summary>The configuration section the server binds (<c>Weft:Http</c>).</summary>
    public const string SectionName = "Weft:Http";

    /// <summary>The setting that lists allowed hosts, named in the error a refused host gets.</summary>
    public const string AllowedHostsSetting = SectionName + ":AllowedHosts";

    /// <summary>Default of <see cref="MaxResponseBytes"/>: 10 MiB.</summary>
    public const long DefaultMaxResponseBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Hosts <c>http.request</c> may call: an exact host (<c>api.example.com</c>, <c>127.0.0.1</c>),
    /// <c>*.example.com</c> for any subdomain of example.com (not example.com itself), or <c>*</c> for
    /// every host. Compared without case. Default: empty — once options are registered, nothing is
    /// allowed until hosts are listed (outbound calls from a server are opt-in).
    /// </summary>
    public IList<string> AllowedHosts { get; init; } = [];

    /// <summary>The largest response body read; a larger one fails the attempt. Default: 10 MiB.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>Redirects followed (each hop's host is checked against <see cref="AllowedHosts"/>). Default: 5.</summary>
    public int MaxRedirects { get; set; } = 5;
}
