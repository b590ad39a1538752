using Microsoft.Extensions.Options;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Guards <c>/api</c>, <c>/workflows</c> and <c>/openapi</c> with the <c>X-Api-Key</c> header. Development is
/// open (a developer's machine); elsewhere a server with no keys configured refuses every protected request
/// and says how to configure them — a forgotten setting must not leave the API open. Health endpoints stay open.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<WorkflowServerOptions> options, IHostEnvironment environment)
{
    private static readonly PathString[] Protected = ["/api", "/workflows", "/openapi"];

    public Task InvokeAsync(HttpContext context)
    {
        if (environment.IsDevelopment() || !Protected.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return next(context);

        var keys = options.CurrentValue.ApiKeys;
        if (!keys.Any(k => !string.IsNullOrEmpty(k)))
        {
            return RefuseAsync(context,
                "This server has no API keys configured, so the API is closed. Configure one or more keys in Weft:ApiKeys " +
                $"(e.g. the environment variable Weft__ApiKeys__0=<key>) and send one in the {ApiKeys.Header} header.");
        }
        var presented = context.Request.Headers[ApiKeys.Header].ToString();
        if (presented.Length == 0)
            return RefuseAsync(context, $"An API key is required: send it in the {ApiKeys.Header} header.");
        if (!ApiKeys.Matches(presented, keys))
            return RefuseAsync(context, $"The API key in the {ApiKeys.Header} header is not valid.");
        return next(context);
    }

    private static async Task RefuseAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeys.Header}\"";
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Detail = detail, Extensions = { ["field"] = ApiKeys.Header } },
        }).ConfigureAwait(false);
    }
}
