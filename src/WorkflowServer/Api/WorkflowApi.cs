namespace Weft.WorkflowServer.Api;

/// <summary>
/// Maps the REST API under <c>/api</c> (one file per route group) and the OpenAPI document at
/// <c>/openapi/v1.json</c>. Every error is Problem Details (docs/server-api.md).
/// </summary>
public static class WorkflowApi
{
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");
        DefinitionEndpoints.Map(api);
        ActivityEndpoints.Map(api);
        InstanceEndpoints.Map(api);
        EventStreamEndpoint.Map(api);
        RuntimeEndpoints.Map(api);
        DocumentEndpoints.Map(api);
        app.MapOpenApi();
        return app;
    }
}
