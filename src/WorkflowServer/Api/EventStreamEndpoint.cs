using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.WorkflowServer.Hosting;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// <c>GET /api/instances/{id}/events</c>: an instance's live events as Server-Sent Events, with re-attach.
/// The order of work is what makes it lossless: subscribe to the hub first, then replay the store after the
/// client's Last-Event-ID, then follow the hub — an event published in between arrives twice at most, and
/// <see cref="EventSequencer"/> sends it once. Another server may run the instance, and its events reach only the
/// store: with PostgreSQL the <see cref="EventStreamRelay"/> says at once that the store has them; an idle stream also
/// reads the store every <see cref="EventStreamSettings.StorePollInterval"/>, for notifications lost or not offered.
/// </summary>
internal static class EventStreamEndpoint
{
    public const string LastEventIdHeader = "Last-Event-ID";
    private const int PageSize = 1000;

    /// <summary>How long events wait for an earlier one before the store is asked and the gap is given up.</summary>
    private static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(500);

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/instances/{id}/events", StreamAsync)
            .WithTags("Instances")
            .WithSummary("Live events as Server-Sent Events; re-attach with Last-Event-ID (or ?lastEventId=). Closes after the instance's final event.")
            .Produces(StatusCodes.Status200OK, contentType: SseStream.ContentType)
            .Produces(StatusCodes.Status204NoContent);

    private static async Task StreamAsync(
        string id, HttpContext context, IWorkflowStore store, InstanceEventHub hub, EventStreamRelay relay,
        IOptions<WorkflowServerOptions> options, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        // A stream ends when the client leaves or the server stops: an open stream must not hold shutdown
        // for the host's whole timeout (the client re-attaches to the next server with Last-Event-ID).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        var sequencer = new EventSequencer(ParseLastEventId(context.Request));
        using var subscription = hub.Subscribe(id); // before any read: nothing published from here on is missed
        using var elsewhere = relay.Subscribe(id); // events other servers write: same rule
        var record = await store.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) ?? throw InstanceEndpoints.UnknownInstance(id);
        await ReadStoreAsync(store, id, sequencer, cancellationToken).ConfigureAwait(false);
        var stream = new SseStream(context.Response, json.Value.SerializerOptions);

        try
        {
            if (record.Status.IsFinal())
            {
                // Everything after the client's id, up to the final event; nothing left means "stop reconnecting" (204).
                var rest = sequencer.TakeAll();
                if (rest.Count == 0)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
                await stream.StartAsync(cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(rest, cancellationToken).ConfigureAwait(false);
                return;
            }

            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
            if (await stream.WriteAsync(sequencer.TakeReady(), cancellationToken).ConfigureAwait(false)) return;
            await FollowAsync(id, store, subscription.Reader, elsewhere, sequencer, stream, options.Value.Events, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && context.Response.HasStarted)
        {
            // The client disconnected or the server is stopping; the client re-attaches with the last id it saw.
        }
    }

    private static async Task FollowAsync(
        string id, IWorkflowStore store, ChannelReader<InstanceEvent> live, EventRelaySubscription? elsewhere,
        EventSequencer sequencer, SseStream stream, EventStreamSettings settings, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var keepAliveAt = now + settings.KeepAliveInterval;
        var pollAt = now + settings.StorePollInterval;
        DateTimeOffset? gapSince = null;
        while (!live.Completion.IsCompleted)
        {
            var wakeAt = keepAliveAt < pollAt ? keepAliveAt : pollAt;
            if (gapSince is { } since && since + GapGrace < wakeAt) wakeAt = since + GapGrace;
            var (hubWoken, storeWoken) = await WaitAsync(live, elsewhere, wakeAt - DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            while (live.TryRead(out var e)) sequencer.Offer(e);
            now = DateTimeOffset.UtcNow;
            if (hubWoken) pollAt = now + settings.StorePollInterval; // the hub is talking: no need to ask the store
            // The store holds events this stream has not sent (written by another server): read them now.
            if (storeWoken && elsewhere!.Latest > sequencer.LastSent) pollAt = now;

            var gapExpired = gapSince is { } start && now >= start + GapGrace;
            if (now >= pollAt || gapExpired)
            {
                await ReadStoreAsync(store, id, sequencer, cancellationToken).ConfigureAwait(false);
                pollAt = now + settings.StorePollInterval;
            }
            var ready = sequencer.TakeReady();
            if (gapExpired && sequencer.HasGap) ready.AddRange(sequencer.TakeAll()); // the missing event is not coming
            if (ready.Count > 0)
            {
                if (await stream.WriteAsync(ready, cancellationToken).ConfigureAwait(false)) return;
                keepAliveAt = now + settings.KeepAliveInterval;
            }
            gapSince = sequencer.HasGap ? gapSince ?? now : null;
            if (now >= keepAliveAt)
            {
                await stream.CommentAsync("keep-alive", cancellationToken).ConfigureAwait(false);
                keepAliveAt = now + settings.KeepAliveInterval;
            }
        }
    }

    /// <summary>Every stored event after what was sent, page by page.</summary>
    private static async Task ReadStoreAsync(IWorkflowStore store, string id, EventSequencer sequencer, CancellationToken cancellationToken)
    {
        var after = sequencer.LastSent;
        while (true)
        {
            var page = await store.GetEventsAsync(id, after, PageSize, cancellationToken).ConfigureAwait(false);
            sequencer.OfferStored(page);
            if (page.Count < PageSize) return;
            after = page[^1].Sequence;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for live events from the hub or a store notification; says which came
    /// (neither when the time ran out).
    /// </summary>
    private static async Task<(bool Hub, bool Store)> WaitAsync(
        ChannelReader<InstanceEvent> live, EventRelaySubscription? elsewhere, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero) return (false, false);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var hub = live.WaitToReadAsync(timer.Token).AsTask();
        var store = elsewhere?.WaitAsync(timer.Token) ?? Task.Delay(Timeout.Infinite, timer.Token);
        await Task.WhenAny(hub, store).ConfigureAwait(false);
        // The other wait is abandoned (cancelled): a semaphore wait that is cancelled takes no signal.
        await timer.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await Task.WhenAll(hub, store).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        return (hub.IsCompletedSuccessfully && hub.Result, elsewhere is not null && store.IsCompletedSuccessfully);
    }

    private static long ParseLastEventId(HttpRequest request)
    {
        var (text, field) = request.Headers.TryGetValue(LastEventIdHeader, out var header) && header.ToString().Length > 0
            ? (header.ToString(), LastEventIdHeader)
            : (request.Query["lastEventId"].ToString(), "lastEventId");
        if (text.Length == 0) return 0;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw ApiProblemException.BadRequest($"{field} must be the id of an event received before (a whole number), not '{text}'.", field);
    }
}
