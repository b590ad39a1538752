using Weft.AppHost.Backing;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>A backing service (database, vector store) in the catalog: started once, health-checked, stopped at the end.</summary>
internal sealed class BackingRunner(Resource resource, IBackingService service, SupervisorContext context)
    : ResourceRunner(resource.Name, resource, context)
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Snapshot.State is ResourceState.Running or ResourceState.Starting)
            return;
        Update(s => s with { State = ResourceState.Starting, Health = ResourceHealth.Unknown, ExitCode = null });
        try
        {
            var started = await service.StartAsync(Note, cancellationToken);
            Update(s => s with
            {
                State = ResourceState.Running,
                ProcessId = started.ProcessId,
                Endpoints = started.Endpoints,
                StartedAt = Context.Time.GetUtcNow(),
            });
            StartHealthChecks();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Note($"could not start: {ex.Message}");
            Context.Print($"{Name}: could not start: {ex.Message}");
            Update(s => s with { State = ResourceState.Failed, Health = ResourceHealth.Unhealthy });
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Snapshot.State is not (ResourceState.Running or ResourceState.Failed or ResourceState.Starting))
        {
            Update(s => s.State == ResourceState.Stopped ? s : s with { State = ResourceState.Stopped });
            return;
        }

        StopHealthChecks();
        Update(s => s with { State = ResourceState.Stopping });
        try
        {
            await service.StopAsync(Note, cancellationToken);
        }
        finally
        {
            Update(s => s with { State = ResourceState.Stopped, Health = ResourceHealth.Unknown, ProcessId = null });
        }
    }

    protected override Task<bool> ProbeHealthAsync(CancellationToken cancellationToken) => service.IsHealthyAsync(cancellationToken);
}
