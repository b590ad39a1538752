using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Activities.Http;

/// <summary>Reads a response body within the size cap and turns it into the <c>body</c> output.</summary>
internal static class HttpResponseBody
{
    public const string Auto = "auto";
    public const string Json = "json";
    public const string Text = "text";

    /// <summary>
    /// The body's bytes. Refuses a declared Content-Length over <paramref name="maxBytes"/> before
    /// reading, and stops reading once the cap is passed (a chunked body has no length to check).
    /// Reports a heartbeat per chunk: a big body is progress, not a hang.
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, long maxBytes, ActivityContext context, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes) throw TooLarge(response, declared, maxBytes);

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes) throw TooLarge(response, null, maxBytes);
                    buffer.Write(chunk, 0, read);
                    context.Heartbeat();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            return buffer.ToArray();
        }
    }

    /// <summary>The body as <paramref name="responseType"/> asks; null when empty.</summary>
    /// <param name="lenient">Fall back to text instead of failing on invalid JSON (a failure answer being reported, not used).</param>
    public static JsonNode? Parse(byte[] bytes, HttpResponseMessage response, string responseType, bool lenient, string nodeId)
    {
        if (bytes.Length == 0) return null;
        var text = Decode(bytes, response);
        var wantsJson = responseType == Json || (responseType == Auto && IsJson(response.Content.Headers.ContentType?.MediaType));
        if (!wantsJson) return JsonValue.Create(text);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException) when (lenient || responseType == Auto)
        {
            // auto: a server that labels text as JSON still gets its text through.
            return JsonValue.Create(text);
        }
        catch (JsonException ex)
        {
            throw new ActivityException(HttpErrorTypes.InvalidResponse,
                $"Node '{nodeId}' asked for a JSON response, but {Describe(response)} is not valid JSON: {ex.Message}",
                retryable: false, new JsonObject { ["status"] = (int)response.StatusCode, ["body"] = Excerpt(text) });
        }
    }

    public static string Decode(byte[] bytes, HttpResponseMessage response)
    {
        var encoding = Encoding.UTF8;
        if (response.Content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // Unknown charset: UTF-8 is the best guess on today's web.
            }
        }
        return encoding.GetString(bytes);
    }

    public static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The start of a body, for error details and messages.</summary>
    public static string Excerpt(string text, int max = 1000) => text.Length <= max ? text : text[..max] + "…";

    public static string Describe(HttpResponseMessage response) =>
        $"the answer of {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";

    private static ActivityException TooLarge(HttpResponseMessage response, long? declared, long maxBytes) =>
        new(HttpErrorTypes.ResponseTooLarge,
            $"The response body of {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} is larger than {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes"
            + (declared is { } d ? $" (Content-Length {d.ToString(CultureInfo.InvariantCulture)})" : "")
            + $"; raise {HttpActivityOptions.SectionName}:MaxResponseBytes to accept it.",
            retryable: false,
            new JsonObject { ["maxBytes"] = maxBytes, ["contentLength"] = declared });
}
