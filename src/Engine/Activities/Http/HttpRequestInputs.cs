using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Http;

public sealed class HttpRequestInputs
{
    [Input(Required = true, Description = "Absolute http or https URL, e.g. \"https://api.example.com/orders/{{ input.id }}\".")]
    public string Url { get; set; } = "";

    [Input(Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], Description = "The HTTP method. Default: GET.")]
    public string Method { get; set; } = "GET";

    [Input(Description = "Request headers, name → value (non-string values are sent as JSON).")]
    public JsonObject? Headers { get; set; }

    [Input(Description = "Query parameters added to the URL, name → value; an array repeats the name.")]
    public JsonObject? Query { get; set; }

    [Input(Type = ValueTypes.Any, UiHint = UiHints.Json,
        Description = "The body: a string is sent as text (text/plain unless a Content-Type header says otherwise), anything else as JSON.")]
    public JsonNode? Body { get; set; }

    [Input(Type = ValueTypes.Any, UiHint = UiHints.Duration,
        Description = "Limit for the whole exchange, body included; past it the attempt fails with HttpConnectionFailed (retryable). Default: 00:00:30.")]
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Input(Options = [HttpResponseBody.Auto, HttpResponseBody.Json, HttpResponseBody.Text],
        Description = "How to read the response body: json parses it (invalid JSON fails), text keeps it as text, auto parses JSON content types and keeps the rest as text. Default: auto.")]
    public string ResponseType { get; set; } = HttpResponseBody.Auto;

    [Input(Description = "Complete with the status of a non-2xx answer instead of failing. Default: false.")]
    public bool AllowFailure { get; set; }
}
