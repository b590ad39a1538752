using System.Collections.Concurrent;
using System.Diagnostics;

namespace Weft.ServiceDefaults.Tests;

/// <summary>
/// Signals when ASP.NET Core's server span for a path has ended. The span ends after the response is on its way, so a test
/// that flushes right after its request returns could otherwise miss it. Created after the app started, this listener runs
/// after the app's tracer provider, so by the time it fires the span is in the export batch. It takes no part in sampling.
/// </summary>
internal sealed class ServerSpanWatcher : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new();
    private readonly ActivityListener _listener;

    public ServerSpanWatcher()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            ActivityStopped = activity =>
                Signal(Key(activity.GetTagItem("server.port") as int?, activity.GetTagItem("url.path") as string)).TrySetResult(),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Task WaitForEndAsync(Uri app, string path) =>
        Signal(Key(app.Port, path)).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource Signal(string key) =>
        _ended.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static string Key(int? port, string? path) => $"{port}{path}";

    public void Dispose() => _listener.Dispose();
}
