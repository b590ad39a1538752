using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// Local starts: an instance started in this process, on a queue it serves, while it has capacity, is created
/// already leased to this worker and run at once, without the dispatcher's claim, the store read-back or the
/// loop's wake-up latency. It then counts, renews and stops exactly like a claimed instance.
/// </summary>
internal sealed partial class WorkDispatcher
{
    /// <summary>Slots promised to local starts whose instance is being created; the loop claims only what remains.</summary>
    private int _reservedSlots;

    /// <summary>The stop token, kept apart from its source, which is disposed at the end of <see cref="DisposeAsync"/>.</summary>
    private CancellationToken _stoppingToken = new(canceled: true);

    /// <summary>
    /// Takes one slot for a local start of an instance of <paramref name="queue"/>: false when the workers are not
    /// running (not started, or stopping), do not serve that queue, or every slot is taken. A true result must be
    /// followed by exactly one <see cref="RunLocal"/> or <see cref="CancelReservation"/>.
    /// </summary>
    public bool TryReserveLocalStart(string queue)
    {
        if (_stoppingToken.IsCancellationRequested || !services.Options.Queues.Contains(queue, StringComparer.Ordinal)) return false;
        while (true)
        {
            var reserved = Volatile.Read(ref _reservedSlots);
            if (_active.Count + reserved >= services.Options.MaxConcurrentInstances) return false;
            if (Interlocked.CompareExchange(ref _reservedSlots, reserved + 1, reserved) == reserved) return true;
        }
    }

    /// <summary>Gives a reserved slot back: the instance was not created (it existed already, or the create failed).</summary>
    public void CancelReservation() => Interlocked.Decrement(ref _reservedSlots);

    /// <summary>
    /// Runs, in its reserved slot, an instance the client created leased to this worker, from the record and
    /// definition the client holds. The runner is reachable by signals and cancels before this returns. When the
    /// workers are stopping it does not run: the lease is released with the others (or expires) and any worker resumes it.
    /// </summary>
    public void RunLocal(InstanceRecord record, LoadedDefinition definition)
    {
        try
        {
            var stopping = _stoppingToken;
            if (stopping.IsCancellationRequested) return;
            var runner = InstanceRunner.Register(services, record, definition);
            // As for a claim: the run waits for its registration, so its clean-up never precedes it.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // The run must not inherit the starter's execution context (its HTTP request, its Activity.Current, a
            // parent's attempt): it outlives them, as a claimed run does.
            using (ExecutionContext.SuppressFlow())
                _active[record.Id] = RunAsync(record.Id, runner.RunRegisteredAsync, registered.Task, stopping);
            registered.SetResult();
        }
        finally
        {
            // After the run is in _active, so the slot is never counted free in between.
            Interlocked.Decrement(ref _reservedSlots);
        }
    }
}
