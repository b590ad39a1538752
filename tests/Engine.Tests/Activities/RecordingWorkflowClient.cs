using System.Text.Json.Nodes;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Activities;

/// <summary>
/// An in-memory <see cref="IWorkflowClient"/> that records start requests. Starting with an id
/// that exists returns that instance (useExisting), as the real client does.
/// </summary>
internal sealed class RecordingWorkflowClient : IWorkflowClient
{
    private readonly Dictionary<string, InstanceSnapshot> _instances = new(StringComparer.Ordinal);

    public List<StartRequest> Starts { get; } = [];
    public List<(string InstanceId, string Name, JsonNode? Payload)> Signals { get; } = [];

    /// <summary>When set, <see cref="StartAsync"/> throws it (e.g. an unknown definition).</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>Puts an instance in a final or any other status, as if it had run.</summary>
    public void SetInstance(string instanceId, InstanceStatus status, JsonNode? output = null, ActivityError? error = null)
    {
        var now = DateTimeOffset.UnixEpoch;
        _instances[instanceId] = new InstanceSnapshot(instanceId, "child", 1, status, now, now, status.IsFinal() ? now : null,
            [], [], output, error, [], new Dictionary<string, JsonNode?>(), new InstanceProgress(0, 0));
    }

    public Task<StartResult> StartAsync(StartRequest request, CancellationToken cancellationToken = default)
    {
        Starts.Add(request);
        if (StartFailure is { } failure) throw failure;
        var id = request.InstanceId ?? Guid.NewGuid().ToString("N");
        if (_instances.TryGetValue(id, out var existing)) return Task.FromResult(new StartResult(id, false, existing.Status));
        SetInstance(id, InstanceStatus.Pending);
        return Task.FromResult(new StartResult(id, true, InstanceStatus.Pending));
    }

    public Task<InstanceSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_instances.GetValueOrDefault(instanceId));

    public Task<SignalDelivery> SignalAsync(string instanceId, string name, JsonNode? payload = null, CancellationToken cancellationToken = default)
    {
        if (!_instances.TryGetValue(instanceId, out var instance)) return Task.FromResult(SignalDelivery.InstanceNotFound);
        if (instance.Status.IsFinal()) return Task.FromResult(SignalDelivery.InstanceEnded);
        Signals.Add((instanceId, name, payload));
        return Task.FromResult(SignalDelivery.Accepted);
    }

    public Task<InstanceStatus?> CancelAsync(string instanceId, CancellationToken cancellationToken = default) =>
        End(instanceId, InstanceStatus.Cancelled);

    public Task<InstanceStatus?> TerminateAsync(string instanceId, CancellationToken cancellationToken = default) =>
        End(instanceId, InstanceStatus.Terminated);

    public Task<RetryOutcome> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (!_instances.TryGetValue(instanceId, out var instance)) return Task.FromResult(RetryOutcome.NotFound);
        if (instance.Status != InstanceStatus.Faulted) return Task.FromResult(RetryOutcome.NotFaulted);
        SetInstance(instanceId, InstanceStatus.Running);
        return Task.FromResult(RetryOutcome.Retried);
    }

    /// <summary>Nothing runs here, so the instance is returned as it stands.</summary>
    public Task<InstanceSnapshot> WaitAsync(string instanceId, bool untilSuspended = false, CancellationToken cancellationToken = default) =>
        _instances.TryGetValue(instanceId, out var instance)
            ? Task.FromResult(instance)
            : Task.FromException<InstanceSnapshot>(new KeyNotFoundException($"No instance '{instanceId}'."));

    private Task<InstanceStatus?> End(string instanceId, InstanceStatus status)
    {
        if (!_instances.TryGetValue(instanceId, out var instance)) return Task.FromResult<InstanceStatus?>(null);
        if (!instance.Status.IsFinal()) SetInstance(instanceId, status);
        return Task.FromResult<InstanceStatus?>(_instances[instanceId].Status);
    }
}
