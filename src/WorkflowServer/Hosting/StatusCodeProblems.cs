using Microsoft.AspNetCore.Diagnostics;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Problem Details for responses that end with an error status and no body — mostly routing's own answers:
/// no such endpoint (404), wrong method (405), a body that is not JSON on an endpoint that declares JSON (415).
/// Each says what was wrong, not only the status.
/// </summary>
internal static class StatusCodeProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var problem = new ProblemDetailsContext { HttpContext = http };
        problem.ProblemDetails.Status = http.Response.StatusCode;
        switch (http.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                problem.ProblemDetails.Detail = $"There is no endpoint {request.Method} {request.Path}.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.ProblemDetails.Detail = $"{request.Path} does not answer {request.Method}; allowed: {http.Response.Headers.Allow}.";
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.ProblemDetails.Detail =
                    $"The body must be JSON (Content-Type: application/json), not '{(string.IsNullOrEmpty(request.ContentType) ? "(none)" : request.ContentType)}'.";
                problem.ProblemDetails.Extensions["field"] = "Content-Type";
                break;
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem).ConfigureAwait(false);
    }
}
