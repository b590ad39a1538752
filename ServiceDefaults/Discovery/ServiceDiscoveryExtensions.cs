using Microsoft.Extensions.Configuration;
using Weft.ServiceDefaults.Discovery;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceDiscoveryExtensions
{
    /// <summary>
    /// Lets the client call services by name, Aspire style: <c>http://backend/...</c> or <c>https+http://backend/...</c> goes to
    /// the endpoint configured as <c>services:backend:http:0</c> / <c>services:backend:https:0</c>. Add it after
    /// <see cref="HttpResilienceExtensions.AddWeftResilience"/> so that each attempt resolves the name afresh.
    /// </summary>
    public static IHttpClientBuilder AddWeftServiceDiscovery(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(services => new ServiceDiscoveryHandler(services.GetRequiredService<IConfiguration>()));
    }
}
