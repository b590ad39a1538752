using Npgsql;

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

    /// <summary>
    /// A write that is a fixed list of statements whose results it does not need (a commit, an append): the writer
    /// sends it together with its neighbours in one round trip. Null for writes that read as they go.
    /// </summary>
    public virtual Action<NpgsqlBatch>? Statements => null;

    /// <summary>Claims the operation for execution; false when the caller cancelled it while it was queued.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Cancellation wins only while the operation is still queued: once taken, it runs to the end.</summary>
    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

    /// <summary>Runs the SQL inside the writer's open transaction; throws to have only this operation rolled back.</summary>
    public abstract Task ExecuteAsync(PostgresWriteSession session);

    /// <summary>What the caller is told when one of the operation's statements failed (a fence error becomes a lost lease).</summary>
    public virtual Exception Describe(PostgresException error) => error;

    public abstract void Succeed();

    public abstract void Fail(Exception error);

    /// <summary>Cancels <paramref name="done"/> when the token fires while the operation is still queued.</summary>
    protected static CancellationTokenRegistration RegisterCancellation<TResult>(
        CancellationToken cancellationToken, PostgresWriteOperation operation, TaskCompletionSource<TResult> done) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.Register(() =>
            {
                if (operation.TryCancel())
                    done.TrySetCanceled(cancellationToken);
            })
            : default;
}

/// <summary>A write that runs its own batches and reads their results (a claim, a create, a signal).</summary>
internal sealed class PostgresWriteOperation<T> : PostgresWriteOperation
{
    private readonly Func<PostgresWriteSession, Task<T>> _work;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private T _result = default!;

    public PostgresWriteOperation(Func<PostgresWriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        _work = work;
        _registration = RegisterCancellation(cancellationToken, this, _done);
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

/// <summary>A statements-only write (see <see cref="PostgresWriteOperation.Statements"/>).</summary>
internal sealed class PostgresStatementsOperation : PostgresWriteOperation
{
    private readonly Action<NpgsqlBatch> _statements;
    private readonly Func<PostgresException, Exception?>? _describe;
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;

    /// <param name="statements">Adds the statements to a batch.</param>
    /// <param name="describe">Turns a statement's error into the caller's exception; null keeps it as it is.</param>
    /// <param name="cancellationToken">Cancels the write while it is still queued.</param>
    public PostgresStatementsOperation(Action<NpgsqlBatch> statements, Func<PostgresException, Exception?>? describe, CancellationToken cancellationToken)
    {
        _statements = statements;
        _describe = describe;
        _registration = RegisterCancellation(cancellationToken, this, _done);
    }

    public Task Task => _done.Task;

    public override Action<NpgsqlBatch> Statements => _statements;

    public override async Task ExecuteAsync(PostgresWriteSession session)
    {
        await using var batch = session.CreateBatch();
        _statements(batch);
        try
        {
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (PostgresException error) when (_describe?.Invoke(error) is { } described)
        {
            throw described;
        }
    }

    public override Exception Describe(PostgresException error) => _describe?.Invoke(error) ?? error;

    public override void Succeed()
    {
        _registration.Dispose();
        _done.TrySetResult(true);
    }

    public override void Fail(Exception error)
    {
        _registration.Dispose();
        _done.TrySetException(error);
    }
}
