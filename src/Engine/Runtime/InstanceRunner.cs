using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Storage;
using ErrorTypes = Weft.Engine.Activities.ErrorTypes;
using Weft.Engine.Telemetry;

namespace Weft.Engine.Runtime;

/// <summary>
/// Drives one claimed instance until it ends, suspends, or waits for a distant timer. The state
/// belongs to this loop: attempts run concurrently on the thread pool and may read the state
/// (template evaluation) only while the loop waits for them, through <see cref="_stateGate"/>.
/// After each round of outcomes the new state is committed before any node that depends on them starts.
/// </summary>
internal sealed partial class InstanceRunner
{
    private readonly SemaphoreSlim _stateGate = new(1, 1);
    private readonly CancellationTokenSource _stopAttempts = new();
    private readonly List<RunningAttempt> _running = [];
    private readonly InstanceCommitBuilder _pending = new();
    private readonly List<InboxSignal> _inbox = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _eventSeq;
    private volatile bool _signalsArrived;
    private CancelRequest _cancelRequest;
    private Ending? _ending;
    private Activity? _runSpan;

    private InstanceRunner(RuntimeServices services, InstanceRunContext context)
    {
        Services = services;
        Context = context;
        _eventSeq = context.State.EventSeq;
        _cancelRequest = context.Record.CancelRequest;
    }

    public RuntimeServices Services { get; }
    public InstanceRunContext Context { get; }
    private InstanceRecord Record => Context.Record;
    private InstanceState State => Context.State;

    /// <summary>Loads the claimed instance and runs it. Returns when the lease is released (or lost).</summary>
    public static async Task RunClaimAsync(RuntimeServices services, WorkClaim claim, CancellationToken stopping)
    {
        var record = await services.Store.GetInstanceAsync(claim.InstanceId, stopping).ConfigureAwait(false);
        if (record is null) return;
        var definition = await services.Definitions.GetAsync(record.DefinitionId, record.DefinitionVersion, stopping).ConfigureAwait(false);
        if (definition is null)
        {
            services.Logger.LogError("Instance {InstanceId} runs definition {DefinitionId} v{Version}, which is not in the store.", record.Id, record.DefinitionId, record.DefinitionVersion);
            return;
        }
        await RunLoadedAsync(services, record, definition, stopping).ConfigureAwait(false);
    }

    /// <summary>A signal for this instance was stored: look at the inbox again.</summary>
    public void NotifySignal()
    {
        _signalsArrived = true;
        _wake.TrySetResult();
    }

    /// <summary>A cancel or terminate request was stored for this instance.</summary>
    public void NotifyCancel(CancelRequest request)
    {
        if (request > _cancelRequest) _cancelRequest = request;
        _wake.TrySetResult();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        if (Record.Status == InstanceStatus.Faulted && _cancelRequest != CancelRequest.None)
        {
            // Giving up on a faulted instance: it will not be retried, so it ends for good.
            CheckStopRequests(Services.Time.GetUtcNow());
            await FinishAsync(stopping).ConfigureAwait(false);
            return;
        }
        if (Record.Status.IsFinal())
        {
            await CommitAsync(WorkPlan.Remove, null, stopping).ConfigureAwait(false);
            return;
        }

        using var span = StartRunSpan();
        _runSpan = span;
        await _stateGate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            RecoverInterruptedAttempts();
            if (!_inboxEmptyAtStart) await LoadInboxAsync(stopping).ConfigureAwait(false);
            if (Record.Status != InstanceStatus.Running) SetStatus(InstanceStatus.Running);

            while (true)
            {
                stopping.ThrowIfCancellationRequested();
                var now = Services.Time.GetUtcNow();
                if (_ending is null) CheckStopRequests(now);
                if (_signalsArrived) await LoadInboxAsync(stopping).ConfigureAwait(false);

                if (_ending is null)
                {
                    DeliverSignals(now);
                    FireDueTimers(now);
                    AdvanceAllScopes();
                }

                if (_ending is not null)
                {
                    if (_ending.Status == InstanceStatus.Terminated || _running.Count == 0)
                    {
                        await FinishAsync(stopping).ConfigureAwait(false);
                        span?.SetTag(WeftTelemetry.Status, Record.Status.ToString());
                        return;
                    }
                }
                else if (_running.Count == 0 && TokenFlow.IsComplete(Context.Definition.Graph, State.Scopes[""]))
                {
                    _ending = new Ending(InstanceStatus.Completed, SinkResult(Context.Definition.Graph, State.Scopes[""]), null);
                    continue;
                }

                if (_ending is null) PrepareReadyAttempts();
                // Inline nodes have run and may have made others ready: look again before committing, unless
                // attempts that need their start committed are waiting to launch (they go first, with the inline ones).
                var ranInline = await RunInlineAttemptsAsync().ConfigureAwait(false);
                if (ranInline && _prepared.Count == 0) continue;
                if (_pending.HasChanges) await CommitAsync(WorkPlan.KeepLease, null, stopping).ConfigureAwait(false);
                LaunchPrepared();
                if (ranInline) continue;

                if (_running.Count == 0 && _ending is null)
                {
                    var due = NextDue();
                    if (due is null && !HasSuspendedNodes())
                    {
                        _ending = new Ending(InstanceStatus.Faulted, null, new ActivityError
                        {
                            Type = "Stalled",
                            Message = "No node can run and none waits for a signal or timer; the graph is stuck (check the definition's edges).",
                        });
                        continue;
                    }
                    if (due is null || due.Value - now > Services.Options.InMemoryWaitThreshold)
                    {
                        await ReleaseAsync(due, stopping).ConfigureAwait(false);
                        span?.SetTag(WeftTelemetry.Status, Record.Status.ToString());
                        return;
                    }
                }

                await WaitForProgressAsync(NextDue(), stopping).ConfigureAwait(false);
                HarvestFinishedAttempts();
            }
        }
        finally
        {
            if (_stateGate.CurrentCount == 0) _stateGate.Release();
        }
    }

    /// <summary>Lets attempts read the state while waiting for one of them, a wake-up, or the next due time.</summary>
    private async Task WaitForProgressAsync(DateTimeOffset? due, CancellationToken stopping)
    {
        if (_running.Any(r => r.Task.IsCompleted)) return;
        var waits = new List<Task>(_running.Count + 2);
        foreach (var attempt in _running) waits.Add(attempt.Task);
        waits.Add(_wake.Task);
        using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (due is { } at)
        {
            var delay = at - Services.Time.GetUtcNow();
            waits.Add(Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Services.Time, delayCts.Token));
        }
        if (State.Deadline is { } deadline && _ending is null)
        {
            var untilDeadline = deadline - Services.Time.GetUtcNow();
            waits.Add(Task.Delay(untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero, Services.Time, delayCts.Token));
        }
        _stateGate.Release();
        try
        {
            await Task.WhenAny(waits).WaitAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            await delayCts.CancelAsync().ConfigureAwait(false);
            await _stateGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        if (_wake.Task.IsCompleted) _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void CheckStopRequests(DateTimeOffset now)
    {
        switch (_cancelRequest)
        {
            case CancelRequest.Terminate:
                BeginEnding(InstanceStatus.Terminated, new ActivityError { Type = "Terminated", Message = "The instance was terminated." });
                return;
            case CancelRequest.Cancel:
                BeginEnding(InstanceStatus.Cancelled, new ActivityError { Type = ErrorTypes.Cancelled, Message = "The instance was cancelled." });
                return;
        }
        if (State.Deadline is { } deadline && now >= deadline)
        {
            BeginEnding(InstanceStatus.TimedOut, new ActivityError
            {
                Type = ErrorTypes.Timeout,
                Message = $"The workflow exceeded its execution timeout of {Context.Definition.Definition.Options.ExecutionTimeout}.",
            });
        }
    }

    /// <summary>Stops every running attempt; the loop finishes once they have returned (at once for terminate).</summary>
    private void BeginEnding(InstanceStatus status, ActivityError? error, JsonNode? output = null)
    {
        _ending ??= new Ending(status, output, error);
        _stopAttempts.Cancel();
    }

    private Activity? StartRunSpan()
    {
        ActivityContext parent = default;
        if (State.TraceParent is { } traceParent) ActivityContext.TryParse(traceParent, null, out parent);
        var span = WeftTelemetry.Source.StartActivity("workflow " + Record.DefinitionId, ActivityKind.Internal, parent);
        span?.SetTag(WeftTelemetry.InstanceId, Record.Id);
        span?.SetTag(WeftTelemetry.DefinitionId, Record.DefinitionId);
        span?.SetTag(WeftTelemetry.DefinitionVersion, Record.DefinitionVersion);
        return span;
    }

    private void SetStatus(InstanceStatus status)
    {
        if (Record.Status == status) return;
        Record.Status = status;
        _pending.MarkChanged();
    }

    private sealed record Ending(InstanceStatus Status, JsonNode? Output, ActivityError? Error);
}
