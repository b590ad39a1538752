using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Weft.Engine.Activities.Http;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Triggers;

/// <summary>The answers of the trigger endpoint. Every answer about an instance carries <see cref="InstanceIdHeader"/>.</summary>
internal static class TriggerResults
{
    /// <summary>The instance a trigger request started (or found, for an idempotent repeat).</summary>
    public const string InstanceIdHeader = "X-Weft-Instance-Id";

    /// <summary>Headers the server manages itself; an <c>http.respond</c> that sets them is ignored for them.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.ContentLength, HeaderNames.ContentType, HeaderNames.TransferEncoding, HeaderNames.Connection,
        HeaderNames.Upgrade, HeaderNames.KeepAlive, HeaderNames.Trailer, HeaderNames.TE, HeaderNames.ProxyConnection,
    };

    public static IResult NotFound(HttpRequest request) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No workflow answers this route",
        detail: $"no published workflow answers {request.Method} {request.PathBase}{request.Path}");

    public static IResult MethodNotAllowed(HttpContext http, IReadOnlyList<string> allowed)
    {
        http.Response.Headers.Allow = string.Join(", ", allowed);
        return Results.Problem(
            statusCode: StatusCodes.Status405MethodNotAllowed,
            title: "Method not allowed",
            detail: $"{http.Request.PathBase}{http.Request.Path} answers {string.Join(", ", allowed)}, not {http.Request.Method}.",
            extensions: new Dictionary<string, object?> { ["allow"] = allowed });
    }

    public static IResult BadRequest(string detail, string? field = null) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Bad trigger request",
        detail: detail,
        extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static IResult StartRefused(int status, string title, string detail, string? instanceId = null) => Results.Problem(
        statusCode: status, title: title, detail: detail,
        extensions: instanceId is null ? null : new Dictionary<string, object?> { ["instanceId"] = instanceId });

    /// <summary>202 with where to follow the instance (async triggers).</summary>
    public static IResult Accepted(HttpContext http, string instanceId)
    {
        var links = Links(http, instanceId);
        http.Response.Headers.Location = links.StatusUrl;
        return Results.Json(new JsonObject
        {
            ["instanceId"] = instanceId,
            ["statusUrl"] = links.StatusUrl,
            ["eventsUrl"] = links.EventsUrl,
        }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The answer of a sync trigger.</summary>
    public static IResult From(HttpContext http, string instanceId, TriggerOutcome outcome) => outcome switch
    {
        TriggerOutcome.Responded r => new RespondResult(r.Response),
        TriggerOutcome.Ended { Status: InstanceStatus.Completed } e =>
            Results.Text(e.Output?.ToJsonString() ?? "null", HttpResponseEvent.JsonContentType, statusCode: StatusCodes.Status200OK),
        TriggerOutcome.Ended e => InstanceEnded(http, instanceId, e),
        _ => WaitTimedOut(http, instanceId),
    };

    private static IResult InstanceEnded(HttpContext http, string instanceId, TriggerOutcome.Ended ended)
    {
        var (status, title) = ended.Status switch
        {
            InstanceStatus.Faulted => (StatusCodes.Status500InternalServerError, "The workflow failed"),
            InstanceStatus.TimedOut => (StatusCodes.Status504GatewayTimeout, "The workflow timed out"),
            _ => (StatusCodes.Status409Conflict, $"The workflow was {ended.Status.ToString().ToLowerInvariant()}"),
        };
        var links = Links(http, instanceId);
        return Results.Problem(
            statusCode: status,
            title: title,
            detail: ended.Error?["message"]?.GetValue<string>() ?? $"Instance {instanceId} ended {ended.Status}.",
            extensions: new Dictionary<string, object?>
            {
                ["instanceId"] = instanceId,
                ["instanceStatus"] = ended.Status.ToString(),
                ["error"] = ended.Error,
                ["statusUrl"] = links.StatusUrl,
            });
    }

    private static IResult WaitTimedOut(HttpContext http, string instanceId)
    {
        var links = Links(http, instanceId);
        http.Response.Headers.Location = links.StatusUrl;
        return Results.Problem(
            statusCode: StatusCodes.Status504GatewayTimeout,
            title: "The workflow did not answer in time",
            detail: $"Instance {instanceId} did not respond within the trigger's timeout; it keeps running. Follow it at {links.StatusUrl}.",
            extensions: new Dictionary<string, object?>
            {
                ["instanceId"] = instanceId,
                ["statusUrl"] = links.StatusUrl,
                ["eventsUrl"] = links.EventsUrl,
            });
    }

    private static (string StatusUrl, string EventsUrl) Links(HttpContext http, string instanceId)
    {
        var status = $"{http.Request.PathBase}/api/instances/{Uri.EscapeDataString(instanceId)}";
        return (status, status + "/events");
    }

    /// <summary>Writes what <c>http.respond</c> asked for: status, headers, content type and body (text as is, anything else as JSON).</summary>
    private sealed class RespondResult(JsonObject response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var http = httpContext.Response;
            var status = response["status"] is JsonValue s && s.TryGetValue<int>(out var code) && code is >= 100 and <= 599 ? code : 200;
            http.StatusCode = status;
            if (response["headers"] is JsonObject headers)
            {
                foreach (var (name, value) in headers)
                {
                    if (value is null || ReservedHeaders.Contains(name)) continue;
                    http.Headers[name] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
                }
            }

            var body = response["body"];
            if (body is null || status is 204 or 304 || HttpMethods.IsHead(httpContext.Request.Method)) return;
            var isText = body is JsonValue b && b.GetValueKind() == JsonValueKind.String;
            http.ContentType = response["contentType"]?.GetValue<string>()
                ?? (isText ? HttpResponseEvent.TextContentType : HttpResponseEvent.JsonContentType);
            await http.WriteAsync(isText ? body.GetValue<string>() : body.ToJsonString(), httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
