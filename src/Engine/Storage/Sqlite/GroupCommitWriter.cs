using System.Threading.Channels;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// The store's only writer; owns the write connection. Callers enqueue operations; the loop drains everything queued (up to the
/// batch limit) into ONE transaction, so concurrent commits of many instances share one WAL fsync.
/// Each operation runs inside its own SAVEPOINT: one that throws (a lost lease) is rolled back alone
/// and fails only its caller's task. With a single caller this is one transaction per operation.
/// Going through one connection also means writers of this process never meet SQLITE_BUSY; other
/// processes are serialized by BEGIN IMMEDIATE and the busy timeout.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _queue =
        Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });

    private readonly SqliteSession _session;
    private readonly int _maxBatch;
    private readonly Task _loop;
    private long _transactions;

    public GroupCommitWriter(SqliteSession session, int maxBatch)
    {
        _session = session;
        _maxBatch = Math.Max(1, maxBatch);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (tests check that concurrent commits share them).</summary>
    public long TransactionCount => Interlocked.Read(ref _transactions);

    public Task<T> EnqueueAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        var operation = new WriteOperation<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(operation))
            throw new ObjectDisposedException(nameof(SqliteWorkflowStore));
        return operation.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var operation))
            {
                if (operation.TryTake())
                    batch.Add(operation);
            }

            if (batch.Count > 0)
                RunBatch(batch);
            batch.Clear();
        }
    }

    private void RunBatch(List<WriteOperation> batch)
    {
        try
        {
            _session.Execute("BEGIN IMMEDIATE");
        }
        catch (Exception error)
        {
            foreach (var operation in batch)
                operation.Fail(error);
            return;
        }

        // A lone operation needs no savepoint: rolling back the transaction undoes exactly its writes.
        var isolate = batch.Count > 1;
        var errors = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                if (isolate)
                    _session.Execute("SAVEPOINT op");
                batch[i].Execute(_session);
                if (isolate)
                    _session.Execute("RELEASE op");
            }
            catch (Exception error)
            {
                errors[i] = error;
                if (!isolate || !TryRollbackToSavepoint())
                {
                    // A lone operation failed, or SQLite already rolled the whole transaction back (I/O
                    // error, disk full…): roll back everything; every caller of the batch fails.
                    AbortBatch(batch, errors, error);
                    return;
                }
            }
        }

        try
        {
            _session.Execute("COMMIT");
        }
        catch (Exception error)
        {
            AbortBatch(batch, errors, error);
            return;
        }

        Interlocked.Increment(ref _transactions);
        for (var i = 0; i < batch.Count; i++)
        {
            if (errors[i] is { } error)
                batch[i].Fail(error);
            else
                batch[i].Succeed();
        }
    }

    private bool TryRollbackToSavepoint()
    {
        try
        {
            _session.Execute("ROLLBACK TO op");
            _session.Execute("RELEASE op");
            return true;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }

    private void AbortBatch(List<WriteOperation> batch, Exception?[] errors, Exception cause)
    {
        try
        {
            _session.Execute("ROLLBACK");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // SQLite had rolled it back already ("no transaction is active"): nothing more to undo.
        }

        for (var i = 0; i < batch.Count; i++)
            batch[i].Fail(errors[i] ?? cause);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _session.Dispose();
    }
}
