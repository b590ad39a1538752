using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// One entry of the catalog and what keeps it going: a process replica or a backing service. Holds the state the
/// dashboard sees, raises a change for every transition, and checks health — every 100 ms until healthy after a
/// start, then every <see cref="AppHostOptions.HealthCheckInterval"/>.
/// </summary>
internal abstract class ResourceRunner(string name, Resource resource, SupervisorContext context)
{
    private static readonly TimeSpan StartingProbeInterval = TimeSpan.FromMilliseconds(100);
    private readonly object _gate = new();
    private ResourceSnapshot _snapshot = new(name, resource.Kind, ResourceState.Pending, ResourceHealth.Unknown, [], 0, null, null, null,
        new Dictionary<string, string>(resource.Properties, StringComparer.Ordinal));

    private CancellationTokenSource? _healthLoop;

    public string Name { get; } = name;

    public Resource Resource { get; } = resource;

    protected SupervisorContext Context { get; } = context;

    public ResourceSnapshot Snapshot
    {
        get { lock (_gate) return _snapshot; }
    }

    /// <summary>Raised after every change of <see cref="Snapshot"/>.</summary>
    public event Action<ResourceSnapshot>? Changed;

    /// <summary>Starts the resource; returns once it runs (not necessarily healthy).</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops it for good (until a Start command); never throws for a resource that already stopped.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Whether the resource answers now; called only while it runs.</summary>
    protected abstract Task<bool> ProbeHealthAsync(CancellationToken cancellationToken);

    /// <summary>Completes when <paramref name="condition"/> holds for the snapshot (checked at once and after every change).</summary>
    public async Task WaitUntilAsync(Func<ResourceSnapshot, bool> condition, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ResourceSnapshot s)
        {
            if (condition(s))
                reached.TrySetResult();
        }

        Changed += OnChanged;
        try
        {
            OnChanged(Snapshot);
            await reached.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Changed -= OnChanged;
        }
    }

    /// <summary>Pending → Waiting: it starts once its dependencies are ready.</summary>
    public void MarkWaiting() => Update(s => s.State == ResourceState.Pending ? s with { State = ResourceState.Waiting } : s);

    protected void Update(Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        ResourceSnapshot changed;
        lock (_gate)
        {
            changed = change(_snapshot);
            if (changed == _snapshot)
                return;
            _snapshot = changed;
        }

        Changed?.Invoke(changed);
    }

    /// <summary>Writes a line about this resource into its own console (and so into the dashboard's console view).</summary>
    protected void Note(string text) => Context.Console.Append(Name, isError: false, $"[apphost] {text}");

    /// <summary>Checks health from now on until <see cref="StopHealthChecks"/>; the snapshot's health follows.</summary>
    protected void StartHealthChecks()
    {
        StopHealthChecks();
        var loop = new CancellationTokenSource();
        lock (_gate) _healthLoop = loop;
        _ = Task.Run(() => CheckHealthAsync(loop.Token));
    }

    protected void StopHealthChecks()
    {
        CancellationTokenSource? loop;
        lock (_gate)
        {
            loop = _healthLoop;
            _healthLoop = null;
        }

        loop?.Cancel();
        loop?.Dispose();
    }

    private async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                bool healthy;
                try
                {
                    healthy = await ProbeHealthAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    healthy = false; // a refused connection or a timeout is what "unhealthy" means here
                }

                cancellationToken.ThrowIfCancellationRequested();
                var health = healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;
                var wasHealthy = Snapshot.Health == ResourceHealth.Healthy;
                Update(s => s.State == ResourceState.Running ? s with { Health = health } : s);
                // Until the first healthy answer the probe is quick (dependents are waiting); afterwards it is periodic.
                await Task.Delay(healthy || wasHealthy ? Context.Options.HealthCheckInterval : StartingProbeInterval, Context.Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
