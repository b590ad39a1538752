using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Weft.AppHost.Dashboard;

/// <summary>
/// Server-sent event streams for the live pages. Each subscribes to the catalog's event before reading
/// its current state, so nothing that happens in between is missed, and ends when the client leaves or
/// the dashboard stops.
/// </summary>
internal static class DashboardStreams
{
    /// <summary>Events a slow client may fall behind by before the oldest are dropped.</summary>
    private const int Backlog = 10_000;

    /// <summary>"snapshot" with every resource, then "resource" with each one that changed.</summary>
    public static async Task ResourcesAsync(HttpContext context, IResourceCatalog resources)
    {
        var changes = NewChannel<ResourceSnapshot>();
        void OnChanged(ResourceSnapshot snapshot) => changes.Writer.TryWrite(snapshot);
        resources.ResourceChanged += OnChanged;
        try
        {
            using var stop = Stopping(context);
            await StartAsync(context, stop.Token);
            await WriteAsync(context, "snapshot", resources.GetResources(), stop.Token);
            await foreach (var snapshot in changes.Reader.ReadAllAsync(stop.Token))
                await WriteAsync(context, "resource", snapshot, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The client left or the dashboard is stopping.
        }
        finally
        {
            resources.ResourceChanged -= OnChanged;
        }
    }

    /// <summary>"line" events for one resource: what the catalog holds after <paramref name="after"/>, then each new line.</summary>
    public static async Task ConsoleAsync(HttpContext context, IResourceCatalog resources, string resource, long after)
    {
        var lines = NewChannel<ConsoleLine>();
        void OnWritten(ConsoleLine line) { if (line.Resource == resource) lines.Writer.TryWrite(line); }
        resources.ConsoleWritten += OnWritten;
        try
        {
            using var stop = Stopping(context);
            await StartAsync(context, stop.Token);
            var last = after;
            while (true)
            {
                var page = resources.GetConsole(resource, last, 1000);
                foreach (var line in page) await WriteAsync(context, "line", line, stop.Token);
                if (page.Count == 0) break;
                last = page[^1].Sequence;
            }
            await foreach (var line in lines.Reader.ReadAllAsync(stop.Token))
            {
                if (line.Sequence <= last) continue; // already sent from the backlog
                last = line.Sequence;
                await WriteAsync(context, "line", line, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left or the dashboard is stopping.
        }
        finally
        {
            resources.ConsoleWritten -= OnWritten;
        }
    }

    private static Channel<T> NewChannel<T>() =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private static CancellationTokenSource Stopping(HttpContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);

    private static async Task StartAsync(HttpContext context, CancellationToken ct)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": connected\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private static async Task WriteAsync<T>(HttpContext context, string eventName, T data, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(data, DashboardJson.Options);
        await context.Response.WriteAsync($"event: {eventName}\ndata: {json}\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
