namespace Weft.WorkflowServer.Hosting;

/// <summary>SEAM (server-core helper replaces): registers and configures the workflow server.</summary>
public static class WorkflowServerHosting
{
    public static WebApplicationBuilder AddWorkflowServer(this WebApplicationBuilder builder) => builder;

    public static WebApplication UseWorkflowServer(this WebApplication app) => app;
}
