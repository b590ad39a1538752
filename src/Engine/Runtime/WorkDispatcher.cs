using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Weft.Engine.Runtime;

/// <summary>
/// Claims due work from the store and runs each claimed instance, up to the concurrency bound; renews
/// the leases of what it runs. Wakes at once for local starts and signals, at the due time for local
/// timers, and polls at <see cref="WorkflowRuntimeOptions.PollInterval"/> for work other processes add.
/// When the store offers <see cref="Storage.IStoreNotifications"/> (PostgreSQL), it also wakes as soon as any
/// process makes work due on its queues, and passes signals and stop requests committed elsewhere to the
/// runners of this process; the poll then only covers notifications lost while a listener reconnected.
/// Instances this process starts skip the queue while it has capacity (<see cref="TryReserveLocalStart"/>): the
/// client hands them to <see cref="RunLocalUncreated"/>, whose run creates them, leased here, with its first commit.
/// </summary>
internal sealed partial class WorkDispatcher(RuntimeServices services) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> _active = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<ITimer, byte> _timers = new();
    private Task? _loop;
    private Task? _renewals;

    public int ActiveCount => _active.Count;

    private readonly DateTimeOffset _startedAt = services.Time.GetUtcNow();
    private Task? _presence;
    private Task? _workListener;
    private Task? _controlListener;

    public void Start()
    {
        _stoppingToken = _stopping.Token;
        _loop = Task.Run(() => LoopAsync(_stopping.Token));
        _renewals = Task.Run(() => RenewLoopAsync(_stopping.Token));
        _presence = Task.Run(() => PresenceLoopAsync(_stopping.Token));
        if (services.Store is Storage.IStoreNotifications notifications)
        {
            _workListener = Task.Run(() => ListenAsync(notifications.ListenForWorkAsync, OnWorkDue, "work", _stopping.Token));
            _controlListener = Task.Run(() => ListenAsync(notifications.ListenForControlAsync, OnControl, "control", _stopping.Token));
        }
    }

    /// <summary>Another process (or this one) made work due on a queue: look now if it is one of ours.</summary>
    private void OnWorkDue(string queue)
    {
        if (services.Options.Queues.Contains(queue, StringComparer.Ordinal)) Wake(null);
    }

    /// <summary>A signal or stop request was committed, perhaps by another process: the runner here, if any, acts at once.</summary>
    private void OnControl(Storage.InstanceControlNotification notification)
    {
        if (!services.Runners.TryGetValue(notification.InstanceId, out var runner)) return;
        switch (notification.Control)
        {
            case Storage.InstanceControl.Signal: runner.NotifySignal(); break;
            case Storage.InstanceControl.Cancel: runner.NotifyCancel(Storage.CancelRequest.Cancel); break;
            case Storage.InstanceControl.Terminate: runner.NotifyCancel(Storage.CancelRequest.Terminate); break;
        }
    }

    /// <summary>
    /// Follows one notification sequence until stopping. The store reconnects by itself after a lost connection; a
    /// sequence that fails anyway is started again after a poll interval (the poll covers the gap).
    /// </summary>
    private async Task ListenAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> listen, Action<T> handle, string what, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var item in listen(stopping).ConfigureAwait(false)) handle(item);
                return; // the store was disposed
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                services.Logger.LogWarning(ex, "Listening for {What} notifications failed; polling until it resumes.", what);
                try { await Task.Delay(services.Options.PollInterval, services.Time, stopping).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Records this worker's presence every heartbeat interval, so queues without a live worker can be flagged.</summary>
    private async Task PresenceLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // The runtime recorded the first heartbeat before starting us.
                await Task.Delay(services.Options.WorkerHeartbeatInterval, services.Time, stopping).ConfigureAwait(false);
                await RecordPresenceAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex)
            {
                services.Logger.LogError(ex, "Recording worker presence failed.");
                try { await Task.Delay(services.Options.WorkerHeartbeatInterval, services.Time, stopping).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    public Task RecordPresenceAsync(CancellationToken cancellationToken) =>
        services.Store.RecordWorkerAsync(new Storage.WorkerPresence(
            services.WorkerId, services.Options.Queues, Environment.MachineName, _startedAt, services.Time.GetUtcNow(), _active.Count), cancellationToken);

    /// <summary>
    /// Whether the queue may hold work this dispatcher has not claimed: set by every wake-up request (a start that
    /// went to the queue, a signal, a timer, a notification) and by a claim that filled all the slots it asked for;
    /// cleared as a claim begins. A finished run frees a slot and wakes the loop only while it is set: with local
    /// starts most runs end with nothing queued, and an empty claim after each of them cost a tenth of the durable
    /// throughput on SQLite. The poll still claims every <see cref="WorkflowRuntimeOptions.PollInterval"/> regardless.
    /// </summary>
    private volatile bool _mayHaveQueuedWork = true;

    /// <summary>Look for work now (<paramref name="at"/> null or past) or at <paramref name="at"/>.</summary>
    public void Wake(DateTimeOffset? at)
    {
        var delay = at is null ? TimeSpan.Zero : at.Value - services.Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            _mayHaveQueuedWork = true;
            try { if (_wake.CurrentCount == 0) _wake.Release(); }
            catch (SemaphoreFullException) { /* already awake */ }
            return;
        }
        ITimer? timer = null;
        timer = services.Time.CreateTimer(_ =>
        {
            Wake(null);
            if (timer is not null && _timers.TryRemove(timer, out byte _)) timer.Dispose();
        }, null, delay, Timeout.InfiniteTimeSpan);
        _timers[timer] = 0;
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var options = services.Options;
        while (!stopping.IsCancellationRequested)
        {
            var claimedFullBatch = false;
            try
            {
                var capacity = ReserveSlotsForClaim();
                if (capacity > 0)
                {
                    try
                    {
                        // Cleared before the claim looks, so a wake-up request made meanwhile is not forgotten.
                        _mayHaveQueuedWork = false;
                        var claims = await services.Store.ClaimWorkAsync(services.WorkerId, options.Queues, capacity, options.LeaseDuration, services.Time.GetUtcNow(), stopping).ConfigureAwait(false);
                        foreach (var claim in claims)
                        {
                            if (_active.ContainsKey(claim.InstanceId)) continue;
                            // The run waits for its own registration, so its clean-up never precedes it.
                            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                            _active[claim.InstanceId] = RunAsync(claim.InstanceId, s => InstanceRunner.RunClaimAsync(services, claim, s), registered.Task, stopping);
                            registered.SetResult();
                        }
                        claimedFullBatch = claims.Count == capacity;
                        if (claimedFullBatch) _mayHaveQueuedWork = true;
                    }
                    finally
                    {
                        ReleaseSlots(capacity);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                services.Logger.LogError(ex, "Claiming work failed; trying again in {Interval}.", options.PollInterval);
            }
            if (claimedFullBatch && _active.Count + Volatile.Read(ref _reservedSlots) < options.MaxConcurrentInstances) continue;
            try
            {
                await _wake.WaitAsync(options.PollInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunAsync(string instanceId, Func<CancellationToken, Task> run, Task registered, CancellationToken stopping)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await run(stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            services.Logger.LogError(ex, "Running instance {InstanceId} failed; it resumes when its lease expires.", instanceId);
        }
        finally
        {
            _active.TryRemove(instanceId, out _);
            // The freed slot can take queued work, if there may be any (see _mayHaveQueuedWork).
            if (_mayHaveQueuedWork) Wake(null);
        }
    }

    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        var interval = services.Options.LeaseDuration / 3;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, services.Time, stopping).ConfigureAwait(false);
                // An ephemeral run still in memory has no lease to renew (nor a stop request in the store).
                var held = _active.Keys.Where(id => !(services.Runners.TryGetValue(id, out var runner) && runner.IsInMemory)).ToArray();
                if (held.Length == 0) continue;
                var lost = await services.Store.RenewLeasesAsync(services.WorkerId, held, services.Options.LeaseDuration, services.Time.GetUtcNow(), stopping).ConfigureAwait(false);
                foreach (var id in lost) services.Logger.LogWarning("Lease on instance {InstanceId} lost before renewal.", id);
                // Stop requests whose notification was lost (a listener reconnecting) still reach the runs here.
                if (services.Store is Storage.IStoreNotifications notifications)
                {
                    foreach (var request in await notifications.GetStopRequestsAsync(held, stopping).ConfigureAwait(false)) OnControl(request);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception ex)
            {
                services.Logger.LogError(ex, "Renewing leases failed.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var timer in _timers.Keys) timer.Dispose();
        var all = new List<Task>(_active.Values);
        if (_loop is not null) all.Add(_loop);
        if (_renewals is not null) all.Add(_renewals);
        if (_presence is not null) all.Add(_presence);
        if (_workListener is not null) all.Add(_workListener);
        if (_controlListener is not null) all.Add(_controlListener);
        try { await Task.WhenAll(all).ConfigureAwait(false); }
        catch (OperationCanceledException) { /* stopping */ }
        // A local start reserved just before the stop may have added its run meanwhile; it stops at once.
        while (_active.Values.ToArray() is { Length: > 0 } late)
        {
            try { await Task.WhenAll(late).ConfigureAwait(false); }
            catch (OperationCanceledException) { /* stopping */ }
        }
        _stopping.Dispose();
    }
}
