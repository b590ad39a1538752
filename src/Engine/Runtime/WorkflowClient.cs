using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Weft.Engine.Telemetry;

namespace Weft.Engine.Runtime;

/// <summary>The runtime's <see cref="IWorkflowClient"/>: every operation is a store transaction plus a local nudge.</summary>
internal sealed class WorkflowClient(RuntimeServices services) : IWorkflowClient
{
    private IWorkflowStore Store => services.Store;

    public async Task<StartResult> StartAsync(StartRequest request, CancellationToken cancellationToken = default)
    {
        var definition = await ResolveDefinitionAsync(request, cancellationToken).ConfigureAwait(false);
        var input = StartInputs.Bind(definition, request.Input);
        // Whole milliseconds, as the stores keep times: a local start runs from this record, not one read back.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(services.Time.GetUtcNow().ToUnixTimeMilliseconds());
        var id = string.IsNullOrWhiteSpace(request.InstanceId) ? Guid.CreateVersion7().ToString("N") : request.InstanceId!;
        var state = new InstanceState
        {
            Input = input,
            Variables = StartInputs.InitialVariables(definition),
            Trigger = request.Trigger?.DeepClone() as JsonObject,
            Deadline = definition.Options.ExecutionTimeout is { } timeout ? now + timeout : null,
            TraceParent = request.TraceParent ?? Activity.Current?.Id,
            EventSeq = 1,
        };
        var record = new InstanceRecord
        {
            Id = id,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            Status = InstanceStatus.Pending,
            Queue = definition.Options.Queue,
            IdempotencyKey = request.IdempotencyKey,
            ParentInstanceId = request.ParentInstanceId,
            ParentNodeId = request.ParentNodeId,
            CreatedAt = now,
            UpdatedAt = now,
            State = state,
        };
        var started = new InstanceEvent(id, 1, EventTypes.InstanceStarted, null, new JsonObject
        {
            ["definitionId"] = definition.Id,
            ["definitionVersion"] = definition.Version,
        }, now);
        // A local start when this process runs the queue and has a free slot (held from the reservation to the run):
        // the runner starts at once from this record and its first commit creates the instance (with the inline nodes
        // it ran before it), leased to this worker: no claim, no read-back, one transaction. Otherwise the instance is
        // created here and the dispatcher of whichever process serves the queue claims it.
        var created = services.LocalStarts is { } local && local.TryReserveLocalStart(record.Queue)
            ? local.RunLocalUncreated(record, services.Definitions.Get(definition), [started])
            : null;
        var result = created is not null
            ? await created.ConfigureAwait(false)
            : await Store.CreateInstanceAsync(record, [started], cancellationToken).ConfigureAwait(false);
        if (!result.Created)
        {
            if (definition.Options.Idempotency == IdempotencyMode.Fail)
                throw new WorkflowConflictException(result.Instance.Id, $"An instance with this {(request.IdempotencyKey is null ? "id" : "idempotency key")} exists already: {result.Instance.Id}.");
            return new StartResult(result.Instance.Id, false, result.Instance.Status);
        }
        WeftTelemetry.InstancesStarted.Add(1, new KeyValuePair<string, object?>(WeftTelemetry.DefinitionId, definition.Id));
        if (created is null)
        {
            services.Hub.Publish(started);
            services.WakeDispatcher(null);
        }
        // Pending for every new instance, though a local one may have moved on already: a start reports creation.
        return new StartResult(id, true, InstanceStatus.Pending);
    }

    private async Task<WorkflowDefinition> ResolveDefinitionAsync(StartRequest request, CancellationToken cancellationToken)
    {
        WorkflowDefinition? definition;
        if (request.Version is { } version)
        {
            // A saved version never changes: the runtime's cache reads and parses it once per process.
            var loaded = await services.Definitions.GetAsync(request.DefinitionId, version, cancellationToken).ConfigureAwait(false);
            definition = loaded?.Definition;
        }
        else
        {
            definition = await Store.GetPublishedDefinitionAsync(request.DefinitionId, cancellationToken).ConfigureAwait(false);
            if (definition is null && request.AllowDraft)
                definition = await Store.GetDefinitionAsync(request.DefinitionId, null, cancellationToken).ConfigureAwait(false);
        }
        return definition ?? throw new WorkflowNotFoundException(request.DefinitionId, request.Version is null
            ? $"Workflow '{request.DefinitionId}' has no {(request.AllowDraft ? "saved" : "published")} version."
            : $"Workflow '{request.DefinitionId}' has no version {request.Version}.");
    }

    public async Task<InstanceSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var record = await Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (record is null) return null;
        var definition = await services.Definitions.GetAsync(record.DefinitionId, record.DefinitionVersion, cancellationToken).ConfigureAwait(false);
        return InstanceSnapshots.From(record, definition?.Graph);
    }

    public async Task<SignalDelivery> SignalAsync(string instanceId, string name, JsonNode? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var delivery = await Store.SendSignalAsync(instanceId, name, payload?.DeepClone(), services.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (delivery == SignalDelivery.Accepted)
        {
            if (services.Runners.TryGetValue(instanceId, out var runner)) runner.NotifySignal();
            else services.WakeDispatcher(null);
        }
        return delivery;
    }

    public Task<InstanceStatus?> CancelAsync(string instanceId, CancellationToken cancellationToken = default) =>
        RequestStopAsync(instanceId, CancelRequest.Cancel, cancellationToken);

    public Task<InstanceStatus?> TerminateAsync(string instanceId, CancellationToken cancellationToken = default) =>
        RequestStopAsync(instanceId, CancelRequest.Terminate, cancellationToken);

    private async Task<InstanceStatus?> RequestStopAsync(string instanceId, CancelRequest request, CancellationToken cancellationToken)
    {
        var before = await Store.RequestCancelAsync(instanceId, request, services.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (before is { } status && !status.IsFinal())
        {
            if (services.Runners.TryGetValue(instanceId, out var runner)) runner.NotifyCancel(request);
            else services.WakeDispatcher(null);
        }
        return before;
    }

    public async Task<RetryOutcome> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var record = await Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (record is null) return RetryOutcome.NotFound;
        if (record.Status != InstanceStatus.Faulted) return RetryOutcome.NotFaulted;
        var claim = await Store.TryClaimInstanceAsync(instanceId, services.WorkerId, services.Options.LeaseDuration, services.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (claim is null) return RetryOutcome.Busy;
        // Re-read under the lease: the status may have changed between the two reads.
        record = await Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var retried = record is { Status: InstanceStatus.Faulted };
        if (retried) RetryFromFailure.Apply(record!, services.Time.GetUtcNow());
        var commit = new InstanceCommit
        {
            Instance = record!,
            LeaseOwner = services.WorkerId,
            Work = retried ? WorkPlan.ReadyAt : WorkPlan.Remove,
            ReadyAt = services.Time.GetUtcNow(),
        };
        await Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        services.WakeDispatcher(null);
        return retried ? RetryOutcome.Retried : RetryOutcome.NotFaulted;
    }

    public async Task<InstanceSnapshot> WaitAsync(string instanceId, bool untilSuspended = false, CancellationToken cancellationToken = default)
    {
        // Subscribe before the first read, so an end that happens in between still wakes us.
        using var subscription = services.Hub.Subscribe(instanceId);
        while (true)
        {
            var snapshot = await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (snapshot is null && services.Runners.TryGetValue(instanceId, out var runner) && runner.IsInMemory)
            {
                // An ephemeral run in memory: it either completes there (its end exists nowhere else) or is stored.
                if (await runner.LeftMemoryAsync(cancellationToken).ConfigureAwait(false) is { } ended) return ended;
                continue;
            }
            // Read once more: an ephemeral run may have been stored (and left) between the read and the look-up.
            snapshot ??= await GetAsync(instanceId, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"Instance '{instanceId}' does not exist.");
            if (snapshot.Status.IsFinal() || (untilSuspended && snapshot.Status == InstanceStatus.Suspended)) return snapshot;
            await WaitForStatusEventAsync(subscription, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for an instance-level event from this process, or half a second: another process may be
    /// running the instance, and its events do not reach this hub.
    /// </summary>
    private static async Task WaitForStatusEventAsync(InstanceSubscription subscription, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await subscription.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out var e))
                {
                    if (e.Type.StartsWith("instance.", StringComparison.Ordinal)) return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval passed: look at the store again.
        }
    }
}
