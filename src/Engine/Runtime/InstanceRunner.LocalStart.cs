using Microsoft.Extensions.Logging;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

internal sealed partial class InstanceRunner
{
    /// <summary>
    /// Set for a local start: the instance is created by this run, so its inbox was empty when the run began. A signal
    /// sent since reaches the runner (<see cref="NotifySignal"/>), or, if it came before the runner was reachable, has
    /// marked the work item to wake, so the instance is due again as soon as it releases.
    /// </summary>
    private bool _inboxEmptyAtStart;

    /// <summary>Set until the first commit of a runner made by <see cref="RegisterUncreated"/>: that commit creates the instance.</summary>
    private Uncreated? _uncreated;

    /// <summary>The events of the instance's creation, and who waits for it.</summary>
    private sealed class Uncreated(IReadOnlyList<InstanceEvent> startEvents)
    {
        public IReadOnlyList<InstanceEvent> StartEvents { get; } = startEvents;

        public TaskCompletionSource<CreateInstanceResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The instance existed already (same id or idempotency key): this run ends without a trace.</summary>
    private sealed class InstanceExistedException : Exception;

    /// <summary>Commits <paramref name="commit"/>, creating the instance with it when it is not in the store yet.</summary>
    private async Task StoreCommitAsync(InstanceCommit commit)
    {
        if (_uncreated is not { } uncreated)
        {
            await Services.Store.CommitAsync(commit, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        CreateInstanceResult result;
        try
        {
            result = await Services.Store.CreateLeasedInstanceAsync(Record, uncreated.StartEvents, Services.WorkerId,
                Services.Options.LeaseDuration, Services.Time.GetUtcNow(), CancellationToken.None, commit).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _uncreated = null;
            uncreated.Done.TrySetException(error);
            throw;
        }

        _uncreated = null;
        if (!result.Created)
        {
            uncreated.Done.TrySetResult(result);
            throw new InstanceExistedException();
        }

        if (!_startEventsPublished)
            foreach (var instanceEvent in uncreated.StartEvents) Services.Hub.Publish(instanceEvent);
        // Told once this commit's own events are published too (the caller may be waiting for an answer in them).
        _createdToReport = (uncreated.Done, result);
    }

    /// <summary>A creation the starter is yet to be told of (after the creating commit's events are published).</summary>
    private (TaskCompletionSource<CreateInstanceResult> Done, CreateInstanceResult Result)? _createdToReport;

    /// <summary>After a commit's events are published: tells the starter its instance exists.</summary>
    private void ReportCreated()
    {
        if (_createdToReport is not var (done, result)) return;
        _createdToReport = null;
        done.TrySetResult(result);
    }

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
    public static InstanceRunner Register(RuntimeServices services, InstanceRecord record, LoadedDefinition definition)
    {
        var runner = new InstanceRunner(services, new InstanceRunContext(record, definition, services.Secrets));
        services.Runners[record.Id] = runner;
        return runner;
    }

    /// <summary>
    /// Registers the runner of an instance not yet in the store: its first commit creates it, leased to this worker,
    /// together with what the run did before that commit (inline nodes only: nothing else runs uncommitted). One
    /// transaction instead of a create and then a commit. The task completes after that commit (or with the instance
    /// that already had this id or idempotency key, in which case the run ends without writing anything). Null when a
    /// runner of this process holds the id already: the start must go the ordinary way (and find the duplicate).
    /// </summary>
    public static (InstanceRunner Runner, Task<CreateInstanceResult> Created)? RegisterUncreated(
        RuntimeServices services, InstanceRecord record, LoadedDefinition definition, IReadOnlyList<InstanceEvent> startEvents)
    {
        var runner = new InstanceRunner(services, new InstanceRunContext(record, definition, services.Secrets))
        {
            _inboxEmptyAtStart = true,
            _uncreated = new Uncreated(startEvents),
            _inMemory = StartsInMemory(record, definition),
        };
        if (!services.Runners.TryAdd(record.Id, runner)) return null;
        return (runner, runner._uncreated.Done.Task);
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
        catch (InstanceExistedException)
        {
            // A start that found its id or idempotency key taken: the starter returns the existing instance.
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: what committed stays; the lease expires and the instance resumes elsewhere or on restart.
        }
        finally
        {
            ReportCreated();
            _leftMemory.TrySetResult(false);
            // Ended (stopping, a failure) before its first commit: the instance was never created.
            _uncreated?.Done.TrySetException(new OperationCanceledException($"The start of instance {Record.Id} was abandoned before it was stored."));
            Services.Runners.TryRemove(new(Record.Id, this));
            await _stopAttempts.CancelAsync().ConfigureAwait(false);
            _stopAttempts.Dispose();
        }
    }
}
