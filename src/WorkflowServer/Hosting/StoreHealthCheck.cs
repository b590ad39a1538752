using Microsoft.Extensions.Diagnostics.HealthChecks;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Hosting;

/// <summary>Ready when the store answers a query; a locked, missing or corrupt file makes the server unready.</summary>
internal sealed class StoreHealthCheck(IWorkflowStore store) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetQueuesAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The workflow store does not answer.", ex);
        }
    }
}
