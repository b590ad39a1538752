using System.Diagnostics;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Fills what every Problem Details of this server carries: <c>type</c> and <c>title</c> from the status
/// (RFC 9110 links, including 413 and 415 that ASP.NET leaves without a title), <c>instance</c> (the
/// request path) and <c>traceId</c> (to find the request in logs and traces).
/// </summary>
internal static class ProblemDefaults
{
    private static readonly Dictionary<int, (string Type, string Title)> ByStatus = new()
    {
        [400] = ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
        [401] = ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
        [403] = ("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden"),
        [404] = ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
        [405] = ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method Not Allowed"),
        [406] = ("https://tools.ietf.org/html/rfc9110#section-15.5.7", "Not Acceptable"),
        [408] = ("https://tools.ietf.org/html/rfc9110#section-15.5.9", "Request Timeout"),
        [409] = ("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict"),
        [411] = ("https://tools.ietf.org/html/rfc9110#section-15.5.12", "Length Required"),
        [413] = ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large"),
        [415] = ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type"),
        [422] = ("https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Content"),
        [431] = ("https://tools.ietf.org/html/rfc6585#section-5", "Request Header Fields Too Large"),
        [500] = ("https://tools.ietf.org/html/rfc9110#section-15.6.1", "Internal Server Error"),
        [503] = ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable"),
    };

    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        if (ByStatus.TryGetValue(problem.Status.Value, out var known))
        {
            problem.Type ??= known.Type;
            problem.Title ??= known.Title;
        }
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
    }
}
