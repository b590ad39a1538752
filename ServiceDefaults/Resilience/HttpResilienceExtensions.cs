using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Weft.ServiceDefaults.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

public static class HttpResilienceExtensions
{
    /// <summary>
    /// Sends the client's requests through timeouts, retries and a circuit breaker (see <see cref="HttpResilienceOptions"/> for
    /// what and the defaults). Calling it again — e.g. on a named client after <c>ConfigureHttpClientDefaults</c> already added
    /// it — only adds <paramref name="configure"/> to that client's options; the client still gets one handler, so retries never
    /// multiply.
    /// </summary>
    public static IHttpClientBuilder AddWeftResilience(this IHttpClientBuilder builder, Action<HttpResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ResiliencePipelineRegistry<ResiliencePipelineKey>>();
        builder.Services.AddOptions<HttpResilienceOptions>();
        // A null name (the ConfigureHttpClientDefaults builder) configures every client.
        if (configure is not null) builder.Services.Configure(builder.Name, configure);

        // The handler-builder actions are the one hook that knows which client is being built (what AddHttpMessageHandler
        // uses underneath, minus the name); a null builder name applies them to every client.
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, factory => factory.HttpMessageHandlerBuilderActions.Add(handlers =>
        {
            if (handlers.AdditionalHandlers.Any(h => h is ResilienceHandler)) return;
            var services = handlers.Services;
            handlers.AdditionalHandlers.Add(new ResilienceHandler(
                handlers.Name ?? Options.Options.DefaultName,
                services.GetRequiredService<ResiliencePipelineRegistry<ResiliencePipelineKey>>(),
                services.GetRequiredService<IOptionsMonitor<HttpResilienceOptions>>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger("Weft.ServiceDefaults.Resilience")));
        }));
        return builder;
    }
}
