using Microsoft.Extensions.Options;
using Weft.Engine.Monitoring;
using Weft.Engine.Monitoring.Alerts;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Monitoring;

/// <summary>
/// Registers monitoring: the store's metric queries and alert tables, the rule catalog (configuration + API), the
/// evaluator with its telemetry (<c>Weft.Monitoring</c>) and the <see cref="AlertMonitor"/> that runs it continuously.
/// The server's <see cref="TimeProvider"/> (the system clock unless one is registered) is the alerts' clock.
/// </summary>
public static class MonitoringHosting
{
    public static WebApplicationBuilder AddWorkflowMonitoring(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AlertOptions>()
            .Bind(builder.Configuration.GetSection(AlertOptions.SectionName))
            .Validate(o => o.EvaluationInterval > TimeSpan.Zero, "Weft:Alerts:EvaluationInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton(sp => sp.GetRequiredService<IWorkflowStore>() as IMonitoringQueries
            ?? throw new InvalidOperationException("The configured workflow store does not answer monitoring queries."));
        services.AddSingleton(sp => sp.GetRequiredService<IWorkflowStore>() as IAlertStore
            ?? throw new InvalidOperationException("The configured workflow store does not keep alerts."));
        services.AddSingleton<AlertRuleCatalog>();
        services.AddSingleton<AlertTelemetry>();
        services.AddSingleton(sp =>
        {
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            return new AlertEvaluator(
                sp.GetRequiredService<IMonitoringQueries>(),
                sp.GetRequiredService<IAlertStore>(),
                runtime.GetQueuesAsync,
                sp.GetRequiredService<AlertTelemetry>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<AlertEvaluator>());
        });
        services.AddSingleton<AlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());
        return builder;
    }

    /// <summary>Endpoints and the monitor read "now" from DI; the system clock unless a test or host registered its own.</summary>
    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
