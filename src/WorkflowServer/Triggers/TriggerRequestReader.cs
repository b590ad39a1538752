using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Weft.Engine.Model;

namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// Reads a trigger request into the instance's <c>trigger</c> (<c>{method, path, routeValues, query,
/// headers, body}</c>) and its input.
/// <para>
/// The input is the JSON body when it is an object (otherwise <c>{}</c>), plus every route value and
/// query parameter whose name the body does not already have — the body wins. Route and query
/// values are text; when the workflow declares an input of that name as integer, number or boolean
/// the text is converted (text that does not convert is passed on, and the start's input check
/// refuses it naming the input). A repeated query parameter becomes an array of text.
/// </para>
/// </summary>
internal static class TriggerRequestReader
{
    /// <summary>Credentials are not copied into the instance, whose state anyone with API access can read.</summary>
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Authorization, HeaderNames.Cookie, "X-Api-Key", HeaderNames.ProxyAuthorization,
    };

    public static async Task<TriggerRequest> ReadAsync(HttpRequest request, TriggerRoute route, RouteValueDictionary values, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null) return new TriggerRequest([], [], error);

        var routeValues = new JsonObject();
        foreach (var (name, value) in values)
        {
            if (value is not null) routeValues[name] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        var query = new JsonObject();
        foreach (var (name, texts) in request.Query)
            query[name] = texts.Count == 1 ? texts[0] : new JsonArray([.. texts.Select(t => (JsonNode?)JsonValue.Create(t))]);

        var headers = new JsonObject();
        foreach (var (name, texts) in request.Headers)
        {
            if (!DroppedHeaders.Contains(name)) headers[name.ToLowerInvariant()] = texts.ToString();
        }

        var trigger = new JsonObject
        {
            ["method"] = request.Method.ToUpperInvariant(),
            ["path"] = (request.PathBase + request.Path).ToString(),
            ["routeValues"] = routeValues,
            ["query"] = query,
            ["headers"] = headers,
            ["body"] = body?.DeepClone(),
        };

        var input = body as JsonObject ?? [];
        foreach (var (name, value) in routeValues.Concat(query))
        {
            if (!input.ContainsKey(name)) input[name] = Typed(route, name, value);
        }
        return new TriggerRequest(trigger, input, null);
    }

    /// <summary>JSON for a JSON content type (null when empty); text for anything else; an error for malformed JSON.</summary>
    private static async Task<(JsonNode? Body, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0) return (null, null);

        var encoding = request.GetTypedHeaders().ContentType?.Encoding ?? Encoding.UTF8;
        using var reader = new StreamReader(request.Body, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (!request.HasJsonContentType()) return (text.Length == 0 ? null : JsonValue.Create(text), null);
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        try
        {
            return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException ex)
        {
            return (null, $"The request body is not valid JSON: {ex.Message}");
        }
    }

    private static JsonNode? Typed(TriggerRoute route, string name, JsonNode? value)
    {
        var declared = route.Inputs.FirstOrDefault(i => i.Name == name);
        if (declared is null || value is not JsonValue v || !v.TryGetValue<string>(out var text)) return value?.DeepClone();
        return declared.Type switch
        {
            ValueTypes.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            ValueTypes.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
            ValueTypes.Boolean when bool.TryParse(text, out var b) => JsonValue.Create(b),
            _ => value.DeepClone(),
        };
    }
}

/// <summary>The trigger and input of a request, or why it was refused (400).</summary>
internal sealed record TriggerRequest(JsonObject Trigger, JsonObject Input, string? Error);
