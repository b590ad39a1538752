using Weft.Engine.Activities.Http;

namespace Weft.WorkflowServer.Triggers;

/// <summary>Reads <see cref="HttpActivityOptions"/> from <c>Weft:Http</c>.</summary>
internal static class HttpActivityConfiguration
{
    /// <summary>
    /// <c>AllowedHosts</c> is a list (<c>Weft:Http:AllowedHosts:0</c>, …) or one value separated by
    /// commas or semicolons (handy in an environment variable: <c>Weft__Http__AllowedHosts=a.com,*.b.com</c>).
    /// <c>MaxResponseBytes</c> is a number of bytes.
    /// </summary>
    public static HttpActivityOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(HttpActivityOptions.SectionName);
        var options = new HttpActivityOptions();
        var hosts = section.GetSection("AllowedHosts");
        if (hosts.Value is { } joined)
        {
            foreach (var host in joined.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) options.AllowedHosts.Add(host);
        }
        foreach (var child in hosts.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value)) options.AllowedHosts.Add(child.Value.Trim());
        }
        if (section.GetValue<long?>("MaxResponseBytes") is { } max && max > 0) options.MaxResponseBytes = max;
        if (section.GetValue<int?>("MaxRedirects") is { } redirects && redirects >= 0) options.MaxRedirects = redirects;
        return options;
    }
}
