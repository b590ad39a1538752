using Microsoft.Extensions.Options;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Triggers;

/// <summary>Loads the trigger routes before the server takes requests, then refreshes them every <see cref="TriggerOptions.RefreshInterval"/>.</summary>
internal sealed class TriggerRouteRefresher(
    IServiceProvider services, IOptions<TriggerOptions> options, TimeProvider time, ILogger<TriggerRouteRefresher> logger) : BackgroundService
{
    private TriggerRouteTable? _table;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Without a store (a host composed without the workflow server) there is nothing to route:
        // say so once instead of failing the host.
        if (services.GetService<IWorkflowStore>() is null)
        {
            logger.LogWarning("No workflow store is registered: HTTP triggers under /workflows answer nothing.");
            return;
        }
        _table = services.GetRequiredService<TriggerRouteTable>();
        await _table.TryRefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval > TimeSpan.Zero ? options.Value.RefreshInterval : new TriggerOptions().RefreshInterval;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await _table!.TryRefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
