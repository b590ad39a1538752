using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Weft.ServiceDefaults.Health;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Weft service shares (Aspire's ServiceDefaults, ours): OpenTelemetry, health endpoints, HttpClient resilience
/// and service discovery. Call <see cref="AddServiceDefaults"/> on the builder and <see cref="MapDefaultEndpoints"/> on the
/// app. docs/telemetry.md lists the configuration keys and defaults.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddWeftTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);

        // Every IHttpClientFactory client: resilience outside, discovery inside so that each attempt resolves the name.
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddWeftResilience();
            http.AddWeftServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check must pass (ready) — 503 otherwise; <c>/alive</c>: only the checks tagged "live" (the
    /// process answers). Both stay out of exported telemetry.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpoints.HealthPath);
        app.MapHealthChecks(HealthEndpoints.AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthEndpoints.LiveTag) });
        return app;
    }
}
