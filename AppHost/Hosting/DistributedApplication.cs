using System.Diagnostics;
using System.Runtime.InteropServices;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Supervisor;

namespace Weft.AppHost.Hosting;

/// <summary>
/// The composed application: <see cref="RunAsync"/> starts every resource in dependency order, prints what backs each
/// one and where it answers, and on Ctrl+C/SIGTERM stops everything (children get SIGTERM, then SIGKILL after the grace
/// period). <see cref="Resources"/> is the catalog the dashboard reads.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly SupervisorContext _context;
    private readonly ResourceSupervisor _supervisor;
    private readonly CancellationTokenSource _lifetime = new(); // cancelled by StopAsync: nothing starts after a stop
    private string _dashboardLine = "dashboard: none (UseDashboard was not called)";

    internal DistributedApplication(DistributedApplicationBuilder builder, IReadOnlyList<Resource> ordered, TextWriter? output = null)
    {
        _builder = builder;
        _context = new SupervisorContext(builder.Options, builder.EnvironmentName, output ?? builder.Output, TimeProvider.System);
        _supervisor = new ResourceSupervisor(ordered, _context);
    }

    /// <summary>Starts composing: configuration from the AppHost's appsettings.json, environment variables and <paramref name="args"/>.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args, AppHostPaths.ProjectDirectory, Console.Out);

    /// <summary>Every resource with its state, console output and start/stop/restart commands.</summary>
    public IResourceCatalog Resources => _supervisor;

    internal ResourceSupervisor Supervisor => _supervisor;

    /// <summary>
    /// Wires the dashboard: children export OpenTelemetry to <paramref name="otlpEndpoint"/> with <paramref name="otlpApiKey"/>
    /// (<c>OTEL_EXPORTER_OTLP_*</c>), the console prints <paramref name="loginUrl"/> (it carries the token), and the catalog
    /// lists the dashboard. Call before <see cref="RunAsync"/>.
    /// </summary>
    public void UseDashboard(Uri url, Uri loginUrl, Uri otlpEndpoint, string otlpApiKey)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(loginUrl);
        ArgumentNullException.ThrowIfNull(otlpEndpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(otlpApiKey);
        _context.Telemetry = new TelemetryExport(otlpEndpoint, otlpApiKey);
        _dashboardLine = $"dashboard: {url} — log in with {loginUrl}";
        _supervisor.AddExternal(new ResourceSnapshot("dashboard", "dashboard", ResourceState.Running, ResourceHealth.Healthy,
            [url.ToString().TrimEnd('/')], 0, Environment.ProcessId, DateTimeOffset.UtcNow, null,
            new Dictionary<string, string> { ["otlp"] = otlpEndpoint.ToString() }));
    }

    /// <summary>Runs until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>, then stops every resource.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await StartAsync(stop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _context.Print("Stopping…");
        await StopAsync(CancellationToken.None);
        _context.Print("Stopped.");

        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true; // the AppHost stops its children itself, then exits
            stop.Cancel();
        }
    }

    /// <summary>Starts every resource in the background (a resource may wait long for another) and prints the summary once all are healthy.</summary>
    internal Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _context.Print($"Weft AppHost ({_builder.EnvironmentName}); state in {_builder.StateDirectory}");
        foreach (var note in _builder.Notes)
            _context.Print($"  {note}");
        _context.Print($"  {_dashboardLine}");
        _supervisor.ResourceChanged += PrintTransition;
        var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        _ = StartAllAsync(starting.Token).ContinueWith(_ => starting.Dispose(), TaskScheduler.Default);
        _ = ReportHealthyAsync(clock, _lifetime.Token);
        return Task.CompletedTask;
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _supervisor.StartAllAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _context.Print($"Starting the resources failed: {ex.Message}");
        }
    }

    private async Task ReportHealthyAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            await _supervisor.WaitAllHealthyAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _context.Print($"All {_supervisor.Runners.Count()} resources healthy in {clock.Elapsed.TotalSeconds:0.0} s:");
        foreach (var resource in _supervisor.GetResources())
            _context.Print($"  {resource.Name,-18} {resource.Kind,-18} {string.Join(' ', resource.Endpoints)}");
        _context.Print("Press Ctrl+C to stop.");
    }

    private void PrintTransition(ResourceSnapshot snapshot)
    {
        if (snapshot.State != ResourceState.Running || snapshot.Health != ResourceHealth.Healthy)
            return;
        lock (_printedHealthy)
        {
            if (!_printedHealthy.Add((snapshot.Name, snapshot.StartedAt)))
                return;
        }

        _context.Print($"  {snapshot.Name} healthy{(snapshot.Endpoints.Count > 0 ? " at " + string.Join(' ', snapshot.Endpoints) : "")}{(snapshot.ProcessId is { } pid ? $" (pid {pid})" : "")}");
    }

    private readonly HashSet<(string, DateTimeOffset?)> _printedHealthy = [];

    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifetime.CancelAsync();
        await _supervisor.StopAllAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _context.Dispose();
        _lifetime.Dispose();
    }
}
