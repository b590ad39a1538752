namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// One caller's write, queued for the <see cref="PostgresWriter"/>. The caller's task completes only after the
/// transaction holding the write has committed (or fails, having changed nothing).
/// </summary>
internal abstract class PostgresWriteOperation
{
    private const int Queued = 0, Taken = 1, Cancelled = 2;
    private int _state;

    /// <summary>How many times the writer ran it and rolled it back for a deadlock or a serialization failure.</summary>
    public int Retries { get; set; }

    /// <summary>Claims the operation for execution; false when the caller cancelled it while it was queued.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Cancellation wins only while the operation is still queued: once taken, it runs to the end.</summary>
    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

    /// <summary>Runs the SQL inside the writer's open transaction; throws to have only this operation rolled back.</summary>
    public abstract Task ExecuteAsync(PostgresWriteSession session);

    public abstract void Succeed();

    public abstract void Fail(Exception error);
}

internal sealed class PostgresWriteOperation<T> : PostgresWriteOperation
{
    private readonly Func<PostgresWriteSession, Task<T>> _work;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private T _result = default!;

    public PostgresWriteOperation(Func<PostgresWriteSession, Task<T>> work, CancellationToken cancellationToken)
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

    public override async Task ExecuteAsync(PostgresWriteSession session) => _result = await _work(session).ConfigureAwait(false);

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
