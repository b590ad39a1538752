namespace Weft.WorkflowServer.Api;

/// <summary>SEAM (server-core helper replaces): maps the REST API under /api.</summary>
public static class WorkflowApi
{
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder app) => app;
}
