using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Weft.Studio.Hosting;

namespace Weft.Studio.Forwarding;

/// <summary>
/// Forwards one browser request to the workflow server and its answer back, streaming both bodies: nothing is buffered, so
/// an upload flows as it arrives and a Server-Sent Events stream reaches the browser event by event (each chunk is flushed
/// as soon as it is read). Status and headers are copied minus hop-by-hop ones; <c>X-Api-Key</c> is Studio's own.
/// A server that cannot be reached is a 502 Problem Details. (YARP would do this, but does not restore here.)
/// </summary>
internal sealed partial class ApiForwarder(
    ServerConnection connection,
    ServerEndpoint endpoint,
    IOptionsMonitor<StudioOptions> options,
    IProblemDetailsService problems,
    ILogger<ApiForwarder> logger)
{
    private const int ChunkSize = 16 * 1024;

    public async Task ForwardAsync(HttpContext context)
    {
        var target = endpoint.Target(context.Request.Path, context.Request.QueryString);
        using var request = CreateRequest(context, target);
        HttpResponseMessage response;
        try
        {
            response = await connection.Invoker.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            LogUnreachable(logger, target.GetLeftPart(UriPartial.Authority), ex.Message);
            await WriteUnreachableAsync(context, target).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // the browser went away before the server answered
        }

        using (response)
        {
            await CopyResponseAsync(context, response).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage CreateRequest(HttpContext context, Uri target)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target) { Version = new Version(1, 1) };
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? incoming.ContentLength > 0;
        if (hasBody) request.Content = new StreamingRequestContent(incoming.Body, incoming.ContentLength, context.RequestAborted);

        foreach (var (name, values) in incoming.Headers)
        {
            if (!ForwardedHeaders.CopyToServer(name)) continue;
            // Content-Length is the content's own (TryComputeLength); copying it too would send it twice.
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        var key = options.CurrentValue.ApiKey;
        if (!string.IsNullOrEmpty(key)) request.Headers.TryAddWithoutValidation(ForwardedHeaders.ApiKey, key);
        return request;
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (ForwardedHeaders.CopyToBrowser(name)) outgoing.Headers[name] = values.ToArray();
        }
        // Event streams must not wait in a buffer (ours, or response compression's) until it fills.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var buffer = new byte[ChunkSize];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    await outgoing.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                    await outgoing.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The browser closed the stream (an EventSource navigating away): nothing left to do.
            }
            catch (IOException)
            {
                // The server closed mid-body (it stopped): end ours too, so the browser sees the stream end and reconnects.
                context.Abort();
            }
        }
    }

    private async Task WriteUnreachableAsync(HttpContext context, Uri target)
    {
        if (context.Response.HasStarted) { context.Abort(); return; }
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status502BadGateway,
                Title = "Workflow server unreachable",
                Detail = $"Studio could not reach the workflow server at {target.GetLeftPart(UriPartial.Authority)}. " +
                         $"Check that it runs, or set {StudioOptions.Section}:ServerUrl (or services:{ServerEndpoint.ServiceName}:http:0).",
                Extensions = { ["server"] = target.GetLeftPart(UriPartial.Authority) },
            },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workflow server at {Server} is unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string server, string reason);
}
