using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// Writes Server-Sent Events: <c>id: &lt;sequence&gt;</c>, <c>event: &lt;type&gt;</c>, <c>data: &lt;json&gt;</c>, each event
/// flushed at once (no response buffering, and <c>X-Accel-Buffering: no</c> for nginx-style proxies).
/// </summary>
internal sealed class SseStream(HttpResponse response, JsonSerializerOptions json)
{
    public const string ContentType = "text/event-stream";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the events; true when the last one ends the instance.</summary>
    public async Task<bool> WriteAsync(IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            // JSON without indentation has no raw line breaks, so the data fits one "data:" line.
            var data = JsonSerializer.Serialize(EventMessage.From(e), json);
            var frame = string.Create(CultureInfo.InvariantCulture, $"id: {e.Sequence}\nevent: {e.Type}\ndata: {data}\n\n");
            await response.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return events.Count > 0 && IsFinal(events[^1].Type);
    }

    /// <summary>A comment line (ignored by clients) keeps proxies from closing an idle connection.</summary>
    public async Task CommentAsync(string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync($": {text}\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static bool IsFinal(string type) => type is EventTypes.InstanceCompleted or EventTypes.InstanceFaulted
        or EventTypes.InstanceCancelled or EventTypes.InstanceTimedOut or EventTypes.InstanceTerminated;
}
