using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// One caller's write, queued for the <see cref="PostgresWriter"/>. The caller's task completes only after the
/// transaction holding the write has committed (or fails, having changed nothing). Two kinds:
/// <see cref="InteractiveWrite"/> runs its own batches and reads their results as it goes (a claim, a create, a
/// signal); <see cref="StatementsWrite"/> is a fixed list of statements whose results nobody reads (a commit, an
/// append), so the writer sends it together with its neighbours in one round trip.
/// </summary>
internal abstract class PostgresWriteOperation
{
    private const int Queued = 0, Taken = 1, Cancelled = 2;
    private int _state;

    /// <summary>How many times the writer ran it and rolled it back for a deadlock or a serialization failure.</summary>
    public int Retries { get; set; }

    /// <summary>Claims the operation for execution; false when the caller cancelled it while it was queued.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    public abstract void Succeed();

    public abstract void Fail(Exception error);

    /// <summary>Cancels <paramref name="done"/> when the token fires while the operation is still queued; once taken, it runs to the end.</summary>
    protected CancellationTokenRegistration RegisterCancellation<TResult>(CancellationToken cancellationToken, TaskCompletionSource<TResult> done) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.Register(() =>
            {
                if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
                    done.TrySetCanceled(cancellationToken);
            })
            : default;
}

/// <summary>A write that runs its own batches on the writer's session and reads their results.</summary>
internal abstract class InteractiveWrite : PostgresWriteOperation
{
    /// <summary>Runs the SQL inside the writer's open transaction; throws to have only this operation rolled back.</summary>
    public abstract Task ExecuteAsync(PostgresWriteSession session);
}

internal sealed class InteractiveWrite<T> : InteractiveWrite
{
    private readonly Func<PostgresWriteSession, Task<T>> _work;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private T _result = default!;

    public InteractiveWrite(Func<PostgresWriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        _work = work;
        _registration = RegisterCancellation(cancellationToken, _done);
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

/// <summary>A write made of statements whose results nobody reads: it fails only by one of them raising an error.</summary>
internal sealed class StatementsWrite : PostgresWriteOperation
{
    private readonly Action<NpgsqlBatch> _addStatements;
    private readonly Func<PostgresException, Exception?>? _describe;
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;

    /// <param name="addStatements">Adds the statements to a batch (called again when the batch is sent again).</param>
    /// <param name="describe">Turns a statement's error into the caller's exception; null, or returning null, keeps it as it is.</param>
    /// <param name="cancellationToken">Cancels the write while it is still queued.</param>
    public StatementsWrite(Action<NpgsqlBatch> addStatements, Func<PostgresException, Exception?>? describe, CancellationToken cancellationToken)
    {
        _addStatements = addStatements;
        _describe = describe;
        _registration = RegisterCancellation(cancellationToken, _done);
    }

    public Task Task => _done.Task;

    public void AddTo(NpgsqlBatch batch) => _addStatements(batch);

    /// <summary>What the caller is told when one of the statements failed (the fence's error becomes a lost lease).</summary>
    public Exception Describe(PostgresException error) => _describe?.Invoke(error) ?? error;

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
