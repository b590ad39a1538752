using Microsoft.Extensions.Options;
using Weft.Studio.Hosting;

namespace Weft.Studio.Forwarding;

/// <summary>
/// Where the workflow server is: the Aspire-style <c>services:workflowserver:http:0</c> (https first when both are given),
/// else <see cref="StudioOptions.ServerUrl"/>. Resolved per request so a changed configuration takes effect.
/// </summary>
internal sealed class ServerEndpoint(IConfiguration configuration, IOptionsMonitor<StudioOptions> options)
{
    public const string ServiceName = "workflowserver";

    public Uri BaseAddress
    {
        get
        {
            var service = configuration.GetSection("services").GetSection(ServiceName);
            foreach (var scheme in new[] { "https", "http" })
            {
                var value = service[$"{scheme}:0"];
                if (string.IsNullOrWhiteSpace(value)) continue;
                if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
                return new Uri($"{scheme}://{value.Trim()}", UriKind.Absolute); // a bare host:port
            }
            return options.CurrentValue.ServerUrl;
        }
    }

    /// <summary>The server URL for a Studio request path and query (the path keeps its <c>/api</c> prefix).</summary>
    public Uri Target(PathString path, QueryString query)
    {
        var root = BaseAddress.GetLeftPart(UriPartial.Authority) + BaseAddress.AbsolutePath.TrimEnd('/');
        return new Uri(root + path.ToUriComponent() + query.ToUriComponent(), UriKind.Absolute);
    }
}
