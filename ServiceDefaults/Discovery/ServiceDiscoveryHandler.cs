using Microsoft.Extensions.Configuration;

namespace Weft.ServiceDefaults.Discovery;

/// <summary>
/// Rewrites a request to a configured service name (<c>http://backend/ping</c>) into that service's endpoint just before it
/// goes out. Configuration is read per request, so a reloaded value applies at once; unknown hosts pass through untouched.
/// </summary>
internal sealed class ServiceDiscoveryHandler(IConfiguration configuration) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && ServiceEndpoints.Resolve(configuration, uri) is { } resolved)
            request.RequestUri = resolved;
        return base.SendAsync(request, cancellationToken);
    }
}
