namespace Weft.WorkflowServer.Triggers;

/// <summary>SEAM (triggers helper replaces): HTTP-triggered workflows under /workflows.</summary>
public static class TriggerEndpoints
{
    public static WebApplicationBuilder AddWorkflowTriggers(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapWorkflowTriggers(this IEndpointRouteBuilder app) => app;
}

/// <summary>The trigger routes, rebuilt from published definitions; the API calls <see cref="RefreshAsync"/> after publish, unpublish and delete.</summary>
public interface ITriggerRoutes
{
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
