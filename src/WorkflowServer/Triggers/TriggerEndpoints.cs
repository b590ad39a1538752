using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Weft.Engine.Activities.Http;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Triggers;

/// <summary>HTTP-triggered workflows under <c>/workflows</c>, and what <c>http.request</c> needs on the server.</summary>
public static class TriggerEndpoints
{
    /// <summary>
    /// Registers the route table (also as <see cref="ITriggerRoutes"/>), its refresher, the
    /// <see cref="HttpActivityOptions"/> from <c>Weft:Http</c> and the named client <c>weft.http</c>.
    /// Expects the workflow server's <c>WorkflowRuntime</c> and <c>IWorkflowStore</c>.
    /// </summary>
    public static WebApplicationBuilder AddWorkflowTriggers(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddRouting();
        services.Configure<TriggerOptions>(builder.Configuration.GetSection(TriggerOptions.SectionName));
        services.TryAddSingleton<TriggerRouteCompiler>();
        // A factory, not a type: the store comes from AddWorkflowServer, and a host without it should
        // still build (the refresher then reports that triggers are off).
        services.TryAddSingleton(sp => new TriggerRouteTable(
            sp.GetRequiredService<IWorkflowStore>(), sp.GetRequiredService<TriggerRouteCompiler>(), sp.GetRequiredService<ILogger<TriggerRouteTable>>()));
        services.TryAddSingleton<ITriggerRoutes>(sp => sp.GetRequiredService<TriggerRouteTable>());
        services.AddHostedService(sp => new TriggerRouteRefresher(
            sp,
            sp.GetRequiredService<IOptions<TriggerOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<TriggerRouteRefresher>>()));

        services.TryAddSingleton(HttpActivityConfiguration.Read(builder.Configuration));
        // The node's durable retry policy and timeout govern http.request: the client must not retry or
        // time out on its own underneath them (that would retry POSTs silently and multiply attempts).
        // The circuit breaker stays, so a dead host fails fast.
        services.AddHttpClient(HttpClientSource.ClientName)
            .ConfigurePrimaryHttpMessageHandler(HttpClientSource.CreateHandler)
            .AddWeftResilience(o =>
            {
                o.MaxRetryAttempts = 0;
                o.AttemptTimeout = Timeout.InfiniteTimeSpan;
                o.TotalTimeout = Timeout.InfiniteTimeSpan;
            });
        return builder;
    }

    /// <summary>Maps <c>/workflows/{**path}</c> for every method to the published triggers.</summary>
    public static IEndpointRouteBuilder MapWorkflowTriggers(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Map("/workflows/{**path}", TriggerHandler.HandleAsync)
            .WithName("WorkflowTrigger")
            .WithTags("Triggers")
            .WithSummary("Starts the published workflow whose http.trigger answers this method and path.")
            .ExcludeFromDescription();
        return app;
    }
}
