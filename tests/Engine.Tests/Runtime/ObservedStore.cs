using System.Collections.Concurrent;
using System.Reflection;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Runtime;

/// <summary>
/// The real store, seen through a proxy that records which instances each create and claim call touched, so a
/// test can tell how an instance reached its worker. <see cref="FailAfterLeasedCreate"/> makes a leased create
/// throw after it committed, as a process dying between creating an instance and running it would.
/// </summary>
public class ObservedStore : DispatchProxy
{
    private IWorkflowStore _inner = null!;

    /// <summary>Instances created unleased (the queue path).</summary>
    public ConcurrentQueue<string> QueuedCreates { get; } = new();

    /// <summary>Instances created leased to their creator (local starts).</summary>
    public ConcurrentQueue<string> LeasedCreates { get; } = new();

    /// <summary>Instances some ClaimWork call returned.</summary>
    public ConcurrentQueue<string> Claimed { get; } = new();

    public volatile bool FailAfterLeasedCreate;

    public static (IWorkflowStore Store, ObservedStore Observer) Wrap(IWorkflowStore inner)
    {
        var store = Create<IWorkflowStore, ObservedStore>();
        var observer = (ObservedStore)(object)store;
        observer._inner = inner;
        return (store, observer);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
        return targetMethod.Name switch
        {
            nameof(IWorkflowStore.CreateInstanceAsync) => Created((Task<CreateInstanceResult>)result!, QueuedCreates, fail: false),
            nameof(IWorkflowStore.CreateLeasedInstanceAsync) => Created((Task<CreateInstanceResult>)result!, LeasedCreates, FailAfterLeasedCreate),
            nameof(IWorkflowStore.ClaimWorkAsync) => ClaimedAsync((Task<IReadOnlyList<WorkClaim>>)result!),
            _ => result,
        };
    }

    private static async Task<CreateInstanceResult> Created(Task<CreateInstanceResult> create, ConcurrentQueue<string> into, bool fail)
    {
        var result = await create;
        if (result.Created) into.Enqueue(result.Instance.Id);
        if (fail) throw new IOException("Simulated crash after the leased create committed.");
        return result;
    }

    /// <summary>ClaimWork calls made, empty ones included.</summary>
    public int ClaimCalls => Volatile.Read(ref _claimCalls);

    private int _claimCalls;

    private async Task<IReadOnlyList<WorkClaim>> ClaimedAsync(Task<IReadOnlyList<WorkClaim>> claim)
    {
        Interlocked.Increment(ref _claimCalls);
        var claims = await claim;
        foreach (var c in claims) Claimed.Enqueue(c.InstanceId);
        return claims;
    }
}
