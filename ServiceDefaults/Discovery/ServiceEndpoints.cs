using Microsoft.Extensions.Configuration;

namespace Weft.ServiceDefaults.Discovery;

/// <summary>
/// Resolves Aspire-style service URIs from configuration: <c>http://backend/x</c> becomes the URL configured at
/// <c>services:backend:http:0</c> (environment: <c>services__backend__http__0</c>) plus <c>/x</c>. The scheme picks the
/// endpoint: <c>http</c> and <c>https</c> take that one only, <c>https+http</c> prefers https and falls back to http
/// (<c>http+https</c> the other way round). Only the first endpoint (<c>:0</c>) is used.
/// </summary>
internal static class ServiceEndpoints
{
    /// <returns>The rewritten URI, or null when the host is not a configured service (the request then goes out unchanged).</returns>
    public static Uri? Resolve(IConfiguration configuration, Uri uri)
    {
        if (!uri.IsAbsoluteUri) return null;
        string[] schemes = uri.Scheme switch
        {
            "http" => ["http"],
            "https" => ["https"],
            "https+http" => ["https", "http"],
            "http+https" => ["http", "https"],
            _ => [],
        };
        var service = configuration.GetSection("services").GetSection(uri.Host);
        foreach (var scheme in schemes)
        {
            var value = service[$"{scheme}:0"];
            if (string.IsNullOrWhiteSpace(value)) continue;
            // Aspire writes full URLs; a bare host:port gets the scheme it was looked up under.
            if (!Uri.TryCreate(value, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                endpoint = new Uri($"{scheme}://{value.Trim()}", UriKind.Absolute);
            var basePath = endpoint.AbsolutePath.TrimEnd('/');
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + basePath + uri.PathAndQuery, UriKind.Absolute);
        }
        return null;
    }
}
