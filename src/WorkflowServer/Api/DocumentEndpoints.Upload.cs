using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Weft.Activities.Documents;
using Weft.Engine.Model;

namespace Weft.WorkflowServer.Api;

/// <summary>Reads an upload — JSON or a raw document — into a <see cref="DocumentUpload"/>, refusing what document.load could not read.</summary>
internal static partial class DocumentEndpoints
{
    /// <summary>The media types a document may have; document.load reads each of them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["text/plain"] = ".txt",
        ["text/markdown"] = ".md",
        ["text/x-markdown"] = ".md",
        ["text/html"] = ".html",
    };

    /// <summary>JSON escapes can take six bytes per byte of text (<c>\u00e9</c>), and the other members need room too.</summary>
    private const int JsonExpansion = 6, JsonOverhead = 64 * 1024;

    private static async Task<DocumentUpload> ReadUploadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var isJson = request.HasJsonContentType();
        var rawLimit = isJson ? maxBytes * JsonExpansion + JsonOverhead : maxBytes;
        // The server-wide body limit (Weft:MaxRequestBodyBytes) is for API calls; documents have their own.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = rawLimit + 1;
        var bytes = await ReadBoundedAsync(request.Body, rawLimit, maxBytes, isJson ? "$.text" : "body", cancellationToken).ConfigureAwait(false);
        return isJson ? FromJson(bytes, maxBytes) : FromRaw(request, bytes);
    }

    private static DocumentUpload FromJson(byte[] bytes, long maxBytes)
    {
        if (bytes.Length == 0) throw ApiProblemException.BadRequest("The request body is empty; send {\"text\": \"…\", \"contentType\": \"text/markdown\"} or the raw document.", "$");
        var body = JsonBody.Deserialize<DocumentUploadBody>(Encoding.UTF8.GetString(bytes), WeftJson.Options, "a document {text, contentType?, name?, title?, id?, metadata?}");
        if (string.IsNullOrWhiteSpace(body.Text))
            throw ApiProblemException.BadRequest("$.text is empty: a document needs text to ingest.", "$.text");
        var content = Encoding.UTF8.GetBytes(body.Text);
        if (content.LongLength > maxBytes) throw TooLarge(content.LongLength, maxBytes, "$.text");
        var type = MediaType(body.ContentType ?? "text/plain", "$.contentType");
        return new DocumentUpload(CheckedId(body.Id, "$.id"), NameOr(body.Name, type, "$.name"), type, content, Blank(body.Title), body.Metadata);
    }

    private static DocumentUpload FromRaw(HttpRequest request, byte[] bytes)
    {
        if (string.IsNullOrEmpty(request.ContentType))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType,
                $"Send the document with its Content-Type ({string.Join(", ", ContentTypes.Keys)}), or JSON {{text, contentType}}.", "Content-Type");
        var type = MediaType(request.ContentType, "Content-Type", StatusCodes.Status415UnsupportedMediaType);
        var encoding = request.GetTypedHeaders().ContentType?.Encoding ?? Encoding.UTF8;
        var text = encoding.GetString(bytes);
        if (string.IsNullOrWhiteSpace(text)) throw ApiProblemException.BadRequest("The document is empty: a document needs text to ingest.", "body");
        var content = encoding is UTF8Encoding ? bytes : Encoding.UTF8.GetBytes(text); // stored as UTF-8, which document.load assumes
        var query = request.Query;
        return new DocumentUpload(CheckedId(query["id"].ToString(), "id"), NameOr(query["name"].ToString(), type, "name"), type, content, Blank(query["title"].ToString()));
    }

    /// <summary>Reads at most <paramref name="rawLimit"/> bytes; more is a 413 before the rest is read.</summary>
    private static async Task<byte[]> ReadBoundedAsync(Stream body, long rawLimit, long maxBytes, string field, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > rawLimit) throw TooLarge(buffer.Length, maxBytes, field);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(rawLimit + 1, maxBytes, field);
        }
        return buffer.ToArray();
    }

    private static string MediaType(string contentType, string field, int status = StatusCodes.Status400BadRequest)
    {
        var type = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.ToString() : contentType;
        if (!ContentTypes.ContainsKey(type))
            throw new ApiProblemException(status, $"{field} is '{contentType}'; a document must be one of {string.Join(", ", ContentTypes.Keys)}.", field);
        return type.ToLowerInvariant();
    }

    /// <summary>The name decides the format when document.load reads with format auto, so the default carries the type's extension.</summary>
    private static string NameOr(string? name, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(name)) return "document" + ContentTypes[type];
        if (name.Length > 300) throw ApiProblemException.BadRequest($"{field} is longer than 300 characters.", field);
        return name.Trim();
    }

    private static string? CheckedId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id)) return null;
        if (id.Length > 200 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            throw ApiProblemException.BadRequest($"{field} may only contain letters, digits, '-', '_', '.' and ':' (at most 200).", field);
        return id;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ApiProblemException TooLarge(long size, long maxBytes, string field) =>
        new(StatusCodes.Status413PayloadTooLarge,
            $"The document is larger than {maxBytes} bytes (Weft:Documents:MaxBytes){(size > maxBytes ? $"; at least {size} bytes were sent" : "")}.", field);
}
