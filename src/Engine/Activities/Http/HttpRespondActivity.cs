using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Http;

/// <summary>
/// <c>http.respond</c>: answers the caller of a sync <c>http.trigger</c> without waiting for the end
/// of the workflow, which goes on after it. Publishes the live event <see cref="HttpResponseEvent.Type"/>
/// and completes with the same data. Where no caller waits (async trigger, API start) it is harmless.
/// </summary>
[Activity("http.respond", DisplayName = "HTTP respond", Category = "HTTP", Inline = true,
    Description = "Answers the caller of a sync HTTP trigger now (status, headers, body); the workflow continues after it.")]
[Output("status", ValueTypes.Integer, Description = "The status sent.")]
[Output("headers", ValueTypes.Object, Description = "The headers sent.")]
[Output("body", ValueTypes.Any, Description = "The body sent.")]
[Output("contentType", ValueTypes.String, Description = "The content type sent.")]
public sealed class HttpRespondActivity : Activity<HttpRespondInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(HttpRespondInputs inputs, ActivityContext context)
    {
        if (inputs.Status is < 100 or > 599)
            throw ActivityException.Validation($"Input 'status' of node '{context.NodeId}' is {inputs.Status}; use an HTTP status from 100 to 599.");

        var headers = new JsonObject();
        foreach (var (name, value) in inputs.Headers ?? [])
        {
            if (value is null) continue;
            headers[name] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.DeepClone() : value.ToJsonString();
        }

        var isText = inputs.Body is JsonValue body && body.GetValueKind() == JsonValueKind.String;
        var contentType = string.IsNullOrWhiteSpace(inputs.ContentType)
            ? isText ? HttpResponseEvent.TextContentType : HttpResponseEvent.JsonContentType
            : inputs.ContentType.Trim();

        var response = new JsonObject
        {
            ["status"] = inputs.Status,
            ["headers"] = headers,
            ["body"] = inputs.Body?.DeepClone(),
            ["contentType"] = contentType,
        };
        await context.EmitAsync(HttpResponseEvent.Type, response.DeepClone()).ConfigureAwait(false);
        return ActivityResult.Complete(response);
    }
}

public sealed class HttpRespondInputs
{
    [Input(UiHint = UiHints.Number, Description = "The HTTP status. Default: 200.")]
    public int Status { get; set; } = 200;

    [Input(Description = "Response headers, name → value (non-string values are sent as JSON).")]
    public JsonObject? Headers { get; set; }

    [Input(Type = ValueTypes.Any, UiHint = UiHints.Template,
        Description = "The body: a string is sent as text, anything else as JSON. None sends no body.")]
    public JsonNode? Body { get; set; }

    [Input(UiHint = UiHints.Text,
        Description = "Content-Type of the body. Default: text/plain for a string body, application/json otherwise.")]
    public string? ContentType { get; set; }
}
