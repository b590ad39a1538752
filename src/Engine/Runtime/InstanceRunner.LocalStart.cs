using Microsoft.Extensions.Logging;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

internal sealed partial class InstanceRunner
{
    /// <summary>Set for a local start: nothing can be in the inbox yet (see <see cref="Register"/>).</summary>
    private bool _inboxEmptyAtStart;

    /// <summary>
    /// Runs an instance this worker holds the lease on, from a record and definition already in memory (what
    /// <see cref="RunClaimAsync"/> read from the store). Returns when the lease is released (or lost).
    /// </summary>
    public static Task RunLoadedAsync(RuntimeServices services, InstanceRecord record, LoadedDefinition definition, CancellationToken stopping) =>
        Register(services, record, definition).RunRegisteredAsync(stopping);

    /// <summary>
    /// Creates the runner of an instance this worker holds the lease on and makes it reachable in
    /// <see cref="RuntimeServices.Runners"/> at once, before it starts: a local start registers it before the start
    /// returns, so a signal or cancel sent right after the start reaches it directly.
    /// </summary>
    /// <param name="justCreated">
    /// The instance was created leased to this worker a moment ago, so its inbox was empty then: the run skips reading
    /// it. A signal sent since reaches the runner (<see cref="NotifySignal"/>), or, if it came before the runner was
    /// reachable, has marked the work item to wake, so the instance is due again as soon as it releases.
    /// </param>
    public static InstanceRunner Register(RuntimeServices services, InstanceRecord record, LoadedDefinition definition, bool justCreated = false)
    {
        var runner = new InstanceRunner(services, new InstanceRunContext(record, definition, services.Secrets)) { _inboxEmptyAtStart = justCreated };
        services.Runners[record.Id] = runner;
        return runner;
    }

    /// <summary>Runs a runner made by <see cref="Register"/> until the lease is released (or lost), then unregisters it.</summary>
    public async Task RunRegisteredAsync(CancellationToken stopping)
    {
        try
        {
            await RunAsync(stopping).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            Services.Logger.LogWarning("Lost the lease on instance {InstanceId}; another worker continues it.", Record.Id);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: what committed stays; the lease expires and the instance resumes elsewhere or on restart.
        }
        finally
        {
            Services.Runners.TryRemove(new(Record.Id, this));
            await _stopAttempts.CancelAsync().ConfigureAwait(false);
            _stopAttempts.Dispose();
        }
    }
}
