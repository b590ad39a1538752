namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// One caller's write, queued for the <see cref="GroupCommitWriter"/>. The caller's task completes only
/// after the transaction holding the write has committed (or fails, having changed nothing).
/// </summary>
internal abstract class WriteOperation
{
    private const int Queued = 0, Taken = 1, Cancelled = 2;
    private int _state;

    /// <summary>Claims the operation for execution; false when the caller cancelled it while it was queued.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Cancellation wins only while the operation is still queued: once taken, it runs to the end.</summary>
    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

    /// <summary>Runs the SQL inside the writer's open transaction; throws to have only this operation rolled back.</summary>
    public abstract void Execute(SqliteSession session);

    public abstract void Succeed();

    public abstract void Fail(Exception error);
}

internal sealed class WriteOperation<T> : WriteOperation
{
    private readonly Func<SqliteSession, T> _work;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private T _result = default!;

    public WriteOperation(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        _work = work;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(() =>
            {
                if (TryCancel())
                    _done.TrySetCanceled(cancellationToken);
            });
        }
    }

    public Task<T> Task => _done.Task;

    public override void Execute(SqliteSession session) => _result = _work(session);

    public override void Succeed()
    {
        _registration.Dispose();
        _done.TrySetResult(_result);
    }

    public override void Fail(Exception error)
    {
        _registration.Dispose();
        _done.TrySetException(error);
    }
}
