using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Weft.ServiceDefaults.Tests;

/// <summary>
/// A scripted server for resilience tests: every request to any path is counted, its body and arrival time recorded, and
/// answered by <c>respond(context, n)</c> where n is the 1-based number of the request.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly TestApp _app;
    private int _count;

    private Backend(TestApp app) => _app = app;

    public Uri BaseAddress => _app.BaseAddress;
    public int Count => Volatile.Read(ref _count);
    public ConcurrentQueue<string> Bodies { get; } = new();
    public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

    public static async Task<Backend> StartAsync(Func<HttpContext, int, Task> respond)
    {
        Backend? backend = null;
        var app = await TestApp.StartAsync(web => web.Run(async context =>
        {
            var n = Interlocked.Increment(ref backend!._count);
            backend.Arrivals.Enqueue(DateTimeOffset.UtcNow);
            using var reader = new StreamReader(context.Request.Body);
            backend.Bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            await respond(context, n);
        }), serviceDefaults: false);
        backend = new Backend(app);
        return backend;
    }

    /// <summary>Answers request n with <paramref name="statuses"/>[n-1], and the last one from then on.</summary>
    public static Task<Backend> StartAsync(params int[] statuses) => StartAsync((context, n) =>
    {
        context.Response.StatusCode = statuses[Math.Min(n, statuses.Length) - 1];
        return Task.CompletedTask;
    });

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
