using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Weft.AppHost.Otlp;

/// <summary>
/// OTLP/HTTP with protobuf bodies: POST /v1/traces, /v1/logs and /v1/metrics. Each request needs the
/// <c>x-otlp-api-key</c> header (401 otherwise). A body is decoded completely before anything is stored,
/// so a malformed one gets 400 and leaves the store as it was.
/// </summary>
public static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    public const string ProtobufContentType = "application/x-protobuf";

    /// <summary>Largest body accepted (after gzip): 32 MiB, well above the SDK's batches of 512 spans.</summary>
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>An empty Export*ServiceResponse: all records accepted.</summary>
    private static readonly byte[] EmptyResponse = [];

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints, TelemetryStore store, string apiKey)
    {
        var key = Encoding.UTF8.GetBytes(apiKey);
        endpoints.MapPost("/v1/traces", context => ReceiveAsync(context, key, payload => store.Add(TraceDecoder.Decode(payload))));
        endpoints.MapPost("/v1/logs", context => ReceiveAsync(context, key, payload => store.Add(LogDecoder.Decode(payload))));
        endpoints.MapPost("/v1/metrics", context => ReceiveAsync(context, key, payload => store.Add(MetricDecoder.Decode(payload))));
        return endpoints;
    }

    private delegate void PayloadHandler(ReadOnlySpan<byte> payload);

    private static async Task ReceiveAsync(HttpContext context, byte[] key, PayloadHandler handle)
    {
        if (!HasKey(context.Request, key))
        {
            await Results.Problem(statusCode: 401, title: "Missing or wrong OTLP API key",
                detail: $"Send the dashboard's OTLP key in the {ApiKeyHeader} header.").ExecuteAsync(context);
            return;
        }
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(statusCode: 415, title: "Unsupported content type",
                detail: $"Content-Type must be {ProtobufContentType} (OTLP/HTTP protobuf); got '{context.Request.ContentType}'.").ExecuteAsync(context);
            return;
        }
        var (buffer, length, error) = await ReadBodyAsync(context.Request, context.RequestAborted);
        try
        {
            if (error is not null)
            {
                await Results.Problem(statusCode: error.Value.Status, title: error.Value.Title).ExecuteAsync(context);
                return;
            }
            try
            {
                handle(buffer.AsSpan(0, length));
            }
            catch (OtlpFormatException malformed)
            {
                await Results.Problem(statusCode: 400, title: "Malformed OTLP payload", detail: malformed.Message).ExecuteAsync(context);
                return;
            }
        }
        finally
        {
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = ProtobufContentType;
        await context.Response.Body.WriteAsync(EmptyResponse, context.RequestAborted);
    }

    private static bool HasKey(HttpRequest request, byte[] key)
    {
        if (!request.Headers.TryGetValue(ApiKeyHeader, out var values) || values.Count != 1 || values[0] is not { } given) return false;
        Span<byte> bytes = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(given.Length) > bytes.Length) return false;
        var written = Encoding.UTF8.GetBytes(given, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..written], key);
    }

    /// <summary>Reads the (optionally gzip-encoded) body into a pooled buffer the caller returns.</summary>
    private static async Task<(byte[] Buffer, int Length, (int Status, string Title)? Error)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return ([], 0, (415, $"Unsupported Content-Encoding '{encoding}' (gzip or none)"));
        if (request.ContentLength > MaxBodyBytes) return ([], 0, (413, $"Body larger than {MaxBodyBytes} bytes"));

        var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var n && !gzip ? (int)n : 64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxBodyBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return ([], 0, (413, $"Body larger than {MaxBodyBytes} bytes"));
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxBodyBytes, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await source.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) return (buffer, length, null);
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return ([], 0, (400, "Body is not valid gzip"));
        }
        finally
        {
            if (gzip) await source.DisposeAsync();
        }
    }
}
