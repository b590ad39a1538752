using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// Reads request bodies by hand rather than through parameter binding, so every way a body can be wrong
/// becomes a Problem Details that says where: a wrong content type (415, field <c>Content-Type</c>), an empty
/// body where one is required (400), malformed JSON (400 with the JSON path, line and position). Kestrel
/// enforces the size limit while the body is read (413).
/// </summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The body as text; null when the request has none (or only whitespace).</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, bool required, CancellationToken cancellationToken)
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (canHaveBody && !request.HasJsonContentType())
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType,
                $"The body must be JSON (Content-Type: application/json), not '{(string.IsNullOrEmpty(request.ContentType) ? "(none)" : request.ContentType)}'.",
                "Content-Type");
        }
        string? text = null;
        if (canHaveBody)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) throw ApiProblemException.BadRequest("The request body is empty; send a JSON document.", "$");
            return null;
        }
        return text;
    }

    /// <summary>Any JSON value (JSON null reads as null); null when there is no body and none is required.</summary>
    public static async Task<(bool Present, JsonNode? Value)> ReadNodeAsync(HttpRequest request, bool required, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request, required, cancellationToken).ConfigureAwait(false);
        if (text is null) return (false, null);
        try
        {
            return (true, JsonNode.Parse(text, documentOptions: DocumentOptions));
        }
        catch (JsonException ex)
        {
            throw Invalid(ex, "The body is not valid JSON");
        }
    }

    /// <summary>Deserializes <paramref name="text"/>; a JsonException becomes a 400 naming the path, line and position.</summary>
    public static T Deserialize<T>(string text, JsonSerializerOptions options, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, options) ?? throw ApiProblemException.BadRequest($"The body must be {what}, not null.", "$");
        }
        catch (JsonException ex)
        {
            throw Invalid(ex, $"The body is not {what}");
        }
    }

    /// <summary>A 400 from a JsonException: the message without its "Path: … | LineNumber: …" tail, which becomes members.</summary>
    public static ApiProblemException Invalid(JsonException ex, string lead)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var where = ex.LineNumber is { } line ? $" (at {path}, line {line + 1}, position {ex.BytePositionInLine + 1})" : $" (at {path})";
        var problem = ApiProblemException.BadRequest($"{lead}{where}: {message}", path);
        if (ex.LineNumber is { } l) problem.With("line", l + 1).With("position", (ex.BytePositionInLine ?? 0) + 1);
        return problem;
    }
}
