using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Activities.Http;

/// <summary>
/// What <c>http.request</c> sends, prepared once from the inputs so each redirect hop can build a
/// fresh <see cref="HttpRequestMessage"/> (a message cannot be sent twice).
/// </summary>
internal sealed class HttpRequestContent
{
    private static readonly string[] KnownMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private HttpRequestContent(HttpMethod method, Uri uri, List<KeyValuePair<string, string>> headers, byte[]? body, string? contentType)
    {
        Method = method;
        Uri = uri;
        Headers = headers;
        Body = body;
        ContentType = contentType;
    }

    public HttpMethod Method { get; private set; }
    public Uri Uri { get; private set; }
    public List<KeyValuePair<string, string>> Headers { get; }
    public byte[]? Body { get; private set; }
    public string? ContentType { get; private set; }

    public static HttpRequestContent From(HttpRequestInputs inputs, string nodeId)
    {
        var methodName = inputs.Method.Trim().ToUpperInvariant();
        if (!KnownMethods.Contains(methodName))
            throw ActivityException.Validation($"Input 'method' of node '{nodeId}' is '{inputs.Method}'; use one of {string.Join(", ", KnownMethods)}.");

        var uri = BuildUri(inputs, nodeId);

        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var (name, value) in inputs.Headers ?? [])
        {
            if (value is null) continue;
            var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = text;
            else headers.Add(new(name, text));
        }

        byte[]? body = null;
        if (inputs.Body is { } given && methodName != "HEAD")
        {
            if (given is JsonValue s && s.GetValueKind() == JsonValueKind.String)
            {
                body = Encoding.UTF8.GetBytes(s.GetValue<string>());
                contentType ??= HttpResponseEvent.TextContentType;
            }
            else
            {
                body = Encoding.UTF8.GetBytes(given.ToJsonString());
                contentType ??= HttpResponseEvent.JsonContentType;
            }
        }

        return new HttpRequestContent(new HttpMethod(methodName), uri, headers, body, contentType);
    }

    /// <summary>A message for the current hop. Headers that cannot go on the request go on the content, when there is one.</summary>
    public HttpRequestMessage CreateMessage()
    {
        var message = new HttpRequestMessage(Method, Uri);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null && MediaTypeHeaderValue.TryParse(ContentType, out var mediaType))
                message.Content.Headers.ContentType = mediaType;
            else if (ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>
    /// Moves to a redirect's target: 303, and 301/302 after a POST, continue as GET without a body
    /// (what browsers and HttpClient do); 307 and 308 keep method and body. Credentials are not
    /// carried to another host.
    /// </summary>
    public void Redirect(Uri target, int status)
    {
        if (status == 303 || (status is 301 or 302 && Method == HttpMethod.Post))
        {
            if (Method != HttpMethod.Head) Method = HttpMethod.Get;
            Body = null;
            ContentType = null;
        }
        if (!string.Equals(target.Host, Uri.Host, StringComparison.OrdinalIgnoreCase) || target.Port != Uri.Port || target.Scheme != Uri.Scheme)
            Headers.RemoveAll(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
        Uri = target;
    }

    private static Uri BuildUri(HttpRequestInputs inputs, string nodeId)
    {
        if (!Uri.TryCreate(inputs.Url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw ActivityException.Validation($"Input 'url' of node '{nodeId}' is '{inputs.Url}'; give an absolute http or https URL.");
        if (inputs.Query is not { Count: > 0 } query) return uri;

        var builder = new StringBuilder(uri.Query.TrimStart('?'));
        foreach (var (name, value) in query)
        {
            // Not `array : [value]`: that collection expression would become a JsonArray and re-parent the value.
            IReadOnlyList<JsonNode?> values = value is JsonArray array ? [.. array] : new[] { value };
            foreach (var item in values)
            {
                if (item is null) continue;
                if (builder.Length > 0) builder.Append('&');
                builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(QueryText(item)));
            }
        }
        return new UriBuilder(uri) { Query = builder.ToString() }.Uri;
    }

    private static string QueryText(JsonNode value) => value is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => v.ToJsonString(),
        }
        : value.ToJsonString();
}
