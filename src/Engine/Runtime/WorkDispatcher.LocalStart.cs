using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// Local starts: an instance started in this process, on a queue it serves, while it has capacity, runs here at once,
/// without the dispatcher's claim, a store read-back or the loop's wake-up latency; its first commit creates it, leased
/// to this worker. It then counts, renews and stops exactly like a claimed instance.
/// </summary>
internal sealed partial class WorkDispatcher
{
    /// <summary>
    /// Slots promised but not yet in <see cref="_active"/>: to local starts whose instance is being created, and to
    /// the claim in flight. Every addition to <see cref="_active"/> holds one, so running plus reserved never exceeds
    /// <see cref="WorkflowRuntimeOptions.MaxConcurrentInstances"/>.
    /// </summary>
    private int _reservedSlots;

    private readonly Lock _slotsLock = new();

    /// <summary>The stop token, kept apart from its source, which is disposed at the end of <see cref="DisposeAsync"/>.</summary>
    private CancellationToken _stoppingToken = new(canceled: true);

    /// <summary>
    /// Takes one slot for a local start of an instance of <paramref name="queue"/>: false when the workers are not
    /// running (not started, or stopping), do not serve that queue, or every slot is taken. A true result must be
    /// followed by exactly one <see cref="RunLocalUncreated"/>, which gives the slot to the run (or back).
    /// </summary>
    public bool TryReserveLocalStart(string queue)
    {
        if (_stoppingToken.IsCancellationRequested || !services.Options.Queues.Contains(queue, StringComparer.Ordinal)) return false;
        return ReserveSlots(_ => 1) == 1;
    }

    /// <summary>
    /// Runs, in its reserved slot, an instance that is not in the store yet: its first commit creates it (see
    /// <see cref="InstanceRunner.RegisterUncreated"/>). The task completes once it is stored (or with the instance
    /// that had its id or key already); it fails when the workers stop first, and then nothing was stored.
    /// </summary>
    /// <returns>Null when it cannot run here (stopping, or this process runs that id already): start it the ordinary way.</returns>
    public Task<CreateInstanceResult>? RunLocalUncreated(InstanceRecord record, LoadedDefinition definition, IReadOnlyList<InstanceEvent> startEvents)
    {
        InstanceRunner runner;
        Task<CreateInstanceResult> created;
        TaskCompletionSource ran;
        var stopping = _stoppingToken;
        try
        {
            if (stopping.IsCancellationRequested) return null;
            if (InstanceRunner.RegisterUncreated(services, record, definition, startEvents) is not var (registered, creation)) return null;
            (runner, created) = (registered, creation);
            // In _active before it runs, so its clean-up (which removes it) never precedes the addition.
            ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _active[record.Id] = ran.Task;
        }
        finally
        {
            // After the run is in _active, so the slot is never counted free in between.
            ReleaseSlots(1);
        }

        // The run starts on the starter's thread — no hop to the thread pool: an all-inline run (a sync HTTP trigger's
        // workflow) is done before this returns, and the start's await then continues at once. It must not inherit the
        // starter's execution context (its HTTP request, its Activity.Current, a parent's attempt), which it outlives
        // as a claimed run does: it runs in a clean one.
        ExecutionContext.Run(CleanContext, _ => _ = RunLocalAsync(record.Id, runner, stopping, ran), null);
        return created;
    }

    /// <summary>An execution context with no async-locals: captured once, on a thread started without flowing any.</summary>
    private static readonly ExecutionContext CleanContext = CaptureCleanContext();

    private static ExecutionContext CaptureCleanContext()
    {
        ExecutionContext? clean = null;
        var thread = new Thread(() => clean = ExecutionContext.Capture());
        using (ExecutionContext.SuppressFlow()) thread.Start();
        thread.Join();
        return clean ?? throw new InvalidOperationException("No execution context could be captured.");
    }

    private async Task RunLocalAsync(string instanceId, InstanceRunner runner, CancellationToken stopping, TaskCompletionSource ran)
    {
        try
        {
            await RunAsync(instanceId, runner.RunRegisteredAsync, Task.CompletedTask, stopping).ConfigureAwait(false);
        }
        finally
        {
            ran.SetResult();
        }
    }

    /// <summary>
    /// Slots for the next claim: half of those free (at least one), so that local starts arriving while the claim
    /// runs still find the other half instead of falling back to the queue. Zero when none is free.
    /// </summary>
    private int ReserveSlotsForClaim() => ReserveSlots(free => Math.Max(1, free / 2));

    /// <summary>
    /// Reserves <paramref name="howMany"/>(free) slots at once, or none (returns 0) when no slot is free. Under a lock
    /// with <see cref="ReleaseSlots"/>: a holder adds its run to <see cref="_active"/> before it releases its slot, so
    /// whoever reserves next sees either the reservation or the run (or both), never neither.
    /// </summary>
    private int ReserveSlots(Func<int, int> howMany)
    {
        lock (_slotsLock)
        {
            var free = services.Options.MaxConcurrentInstances - _active.Count - _reservedSlots;
            if (free <= 0) return 0;
            var take = Math.Min(free, howMany(free));
            _reservedSlots += take;
            return take;
        }
    }

    private void ReleaseSlots(int count)
    {
        lock (_slotsLock) _reservedSlots -= count;
    }
}
