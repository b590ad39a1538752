using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Tests.Supervisor;

/// <summary>
/// An AppHost composed in the test process: its own state directory under /tmp, short restart delays and grace
/// period, its console captured. Disposing stops every resource and deletes the directory.
/// </summary>
internal sealed class TestApplication : IAsyncDisposable
{
    private readonly StringWriter _output = new();
    private DistributedApplication? _app;

    public TestApplication(params string[] settings)
    {
        StateDirectory = Path.Combine(Path.GetTempPath(), $"weft-apphost-{Guid.NewGuid():N}"[..24]);
        string[] defaults =
        [
            $"--Weft:AppHost:StateDirectory={StateDirectory}",
            "--Weft:AppHost:RestartDelay=00:00:00.5",
            "--Weft:AppHost:StopGracePeriod=00:00:03",
            "--Weft:AppHost:HealthCheckInterval=00:00:01",
        ];
        Builder = new DistributedApplicationBuilder([.. defaults, .. settings], AppHostPaths.ProjectDirectory, TextWriter.Synchronized(_output));
    }

    public DistributedApplicationBuilder Builder { get; }

    public string StateDirectory { get; }

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Start it first.");

    public IResourceCatalog Catalog => App.Resources;

    public string Output => _output.ToString();

    /// <summary>A shell command as an executable resource (<c>/bin/sh -c</c>).</summary>
    public IResourceBuilder<ExecutableResource> AddShell(string name, string script) =>
        Builder.AddExecutable(name, "/bin/sh", StateDirectory, "-c", script);

    public DistributedApplication Build()
    {
        Directory.CreateDirectory(StateDirectory);
        return _app = Builder.Build();
    }

    public async Task StartAsync()
    {
        await (_app ?? Build()).StartAsync(CancellationToken.None);
    }

    /// <summary>The resource's snapshot once <paramref name="condition"/> holds (bounded wait; the failure message shows the console).</summary>
    public async Task<ResourceSnapshot> WaitForAsync(string resource, Func<ResourceSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var runner = App.Supervisor.Runners.Single(r => r.Name == resource);
        try
        {
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            await runner.WaitUntilAsync(condition, deadline.Token);
            return runner.Snapshot;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"'{resource}' did not reach the expected state; it is {runner.Snapshot}.\nAppHost:\n{Output}\nConsole:\n{ConsoleText(resource)}");
        }
    }

    public Task<ResourceSnapshot> WaitHealthyAsync(string resource, TimeSpan? timeout = null) =>
        WaitForAsync(resource, s => s.State == ResourceState.Running && s.Health == ResourceHealth.Healthy, timeout);

    /// <summary>Waits (bounded) until the resource's console holds <paramref name="count"/> lines equal to <paramref name="text"/>.</summary>
    public async Task WaitForConsoleAsync(string resource, string text, int count = 1)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (Catalog.GetConsole(resource, 0, int.MaxValue).Count(l => l.Text == text) >= count)
                reached.TrySetResult();
        }

        void OnLine(ConsoleLine line)
        {
            if (line.Resource == resource)
                Check();
        }

        Catalog.ConsoleWritten += OnLine;
        try
        {
            Check();
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{resource}' did not write '{text}' {count} time(s). Console:\n{ConsoleText(resource)}");
        }
        finally
        {
            Catalog.ConsoleWritten -= OnLine;
        }
    }

    public string ConsoleText(string resource) =>
        string.Join('\n', Catalog.GetConsole(resource, 0, int.MaxValue).Select(l => l.Text));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
