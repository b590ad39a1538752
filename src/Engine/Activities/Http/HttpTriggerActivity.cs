using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Http;

/// <summary>
/// <c>http.trigger</c>: a start node that publishes the workflow at <c>/workflows/{route}</c> on the
/// server once the definition is published. The server reads its inputs as literals when it builds
/// its routes; when the node runs it outputs the request that started the instance (the
/// <c>trigger</c> root of expressions), or null when the instance was started another way.
/// </summary>
[Activity(Type, DisplayName = "HTTP trigger", Category = "HTTP", IsTrigger = true, Inline = true,
    Description = "Starts the workflow when an HTTP request arrives at /workflows/{route}. In sync mode the caller waits for http.respond (or the workflow's output); in async mode it gets 202 Accepted and the instance URL. Outputs the request: method, path, routeValues, query, headers, body. The instance input is the JSON body object plus the route values and query parameters it does not have.")]
[Output("method", ValueTypes.String, Description = "The request method.")]
[Output("path", ValueTypes.String, Description = "The request path, e.g. /workflows/orders/42.")]
[Output("routeValues", ValueTypes.Object, Description = "Values of the route's parameters, as text.")]
[Output("query", ValueTypes.Object, Description = "Query parameters: text, or an array of text when repeated.")]
[Output("headers", ValueTypes.Object, Description = "Request headers by lower-case name (Authorization, Cookie and X-Api-Key are left out).")]
[Output("body", ValueTypes.Any, Description = "The body: parsed JSON for a JSON content type, text otherwise, null when empty.")]
public sealed class HttpTriggerActivity : Activity<HttpTriggerInputs>
{
    public const string Type = "http.trigger";
    public const string Sync = "sync";
    public const string Async = "async";

    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    public static readonly IReadOnlyList<string> Modes = [Sync, Async];

    protected override ValueTask<ActivityResult> ExecuteAsync(HttpTriggerInputs inputs, ActivityContext context)
    {
        var request = context.Evaluate("{{ trigger }}");
        return ValueTask.FromResult(ActivityResult.Complete(request?.DeepClone()));
    }
}

public sealed class HttpTriggerInputs
{
    [Input(Required = true, UiHint = UiHints.Text,
        Description = "ASP.NET Core route template under /workflows/, e.g. \"orders/{id}\" or \"orders/{id:int}\". A literal: the server reads it when the definition is published.")]
    public string Route { get; set; } = "";

    [Input(Options = ["GET", "POST", "PUT", "PATCH", "DELETE"], Description = "The HTTP method the route answers. Default: POST.")]
    public string Method { get; set; } = "POST";

    [Input(Options = [HttpTriggerActivity.Sync, HttpTriggerActivity.Async],
        Description = "sync: the caller waits for http.respond, or for the workflow's output (up to timeout). async: 202 Accepted at once with the instance URL. Default: sync.")]
    public string Mode { get; set; } = HttpTriggerActivity.Sync;

    [Input(Type = ValueTypes.Any, UiHint = UiHints.Duration,
        Description = "How long a sync caller waits; past it the answer is 504 with the instance URL and the instance keeps running. Default: 00:00:30.")]
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Input(UiHint = UiHints.Text,
        Description = "Makes starts idempotent on a value of the request, e.g. \"{{ input.requestId }}\" (evaluated against trigger and input when a request arrives): a repeat returns the same instance. An Idempotency-Key header wins. Default: none.")]
    public string? IdempotencyKey { get; set; }
}
