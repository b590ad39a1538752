using System.Threading.Channels;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The store's writer: one dedicated connection and one loop. Callers enqueue operations; the loop drains
/// everything queued (up to the batch limit) into ONE transaction, so concurrent commits of many instances share
/// one WAL flush. Each operation is isolated: one that throws (a lost lease, a constraint) is rolled back alone and
/// fails only its caller's task. Operations that read as they go run inside their own SAVEPOINT; a batch of
/// statements only runs without savepoints first and, should one of them fail, is rolled back whole and run again
/// with a savepoint each (failures are rare: the common batch pays for no savepoints). With a single caller this is
/// one transaction per operation.
/// <para>
/// Round trips: commits and appends are <see cref="StatementsWrite"/>s, so a run
/// of them goes to the server in one batch (without savepoints first: see <see cref="RunBatchAsync"/>); the other writes read as they go, and the
/// savepoint statements ride in front of their first batch (<see cref="PostgresWriteSession"/>). A transaction of N
/// commits costs about one round trip per <see cref="MaxPipelined"/> commits; COMMIT rides in the last of them on a
/// connection that answered recently (<see cref="InlineCommitWindow"/>), else it costs one more.
/// </para>
/// <para>
/// Several processes write the same database, each through its own writer; their transactions can deadlock on rows
/// they both touch. PostgreSQL then aborts one statement; the writer rolls back that operation alone and runs it
/// again in the next transaction. When the connection is lost (a server restart) before COMMIT was sent, nothing of
/// the batch was applied: it runs again once on a new connection. Lost during COMMIT, the outcome is unknown and the
/// callers are told so.
/// </para>
/// </summary>
internal sealed class PostgresWriter : IAsyncDisposable
{
    private const string Begin = "BEGIN";
    private const string Savepoint = "SAVEPOINT op";
    private const string Release = "RELEASE SAVEPOINT op";
    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT op";

    /// <summary>
    /// Sent just before COMMIT: it fails in a transaction PostgreSQL has marked aborted, where COMMIT would
    /// silently roll back and report success. Cheap insurance: it rides in the COMMIT's round trip.
    /// </summary>
    private const string AbortedGuard = "SELECT 1";

    private const string Commit = "COMMIT";

    /// <summary>Most statements-only operations sent in one round trip: the replies stay well inside the socket buffers.</summary>
    private const int MaxPipelined = 32;

    /// <summary>
    /// COMMIT rides in the statements' round trip only on a connection the server answered this recently. A
    /// connection idle for longer may have been closed by the server (a restart): its first batch then fails, and
    /// without COMMIT in it the batch is known not applied and runs again on a new connection, instead of the callers
    /// being told the outcome is unknown. Under load commits follow each other far more closely than this.
    /// </summary>
    private static readonly TimeSpan InlineCommitWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>Times one operation is rolled back for a deadlock or serialization failure and run again before it fails.</summary>
    private const int MaxRetries = 5;

    private readonly Channel<PostgresWriteOperation> _queue =
        Channel.CreateUnbounded<PostgresWriteOperation>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<Task<NpgsqlConnection>> _open;
    private readonly Func<Exception, bool, Exception> _describeLostConnection;
    private readonly int _maxBatch;
    private readonly Task _loop;
    private PostgresWriteSession? _session;
    private long _transactions;

    /// <param name="connection">An open connection to start with (the one that ran the migrations).</param>
    /// <param name="open">Opens a replacement when the connection is lost.</param>
    /// <param name="describeLostConnection">Turns a connection failure into the error callers see; true when it hit COMMIT (outcome unknown).</param>
    /// <param name="maxBatch">Most operations per transaction; 1 turns group commit off.</param>
    public PostgresWriter(NpgsqlConnection connection, Func<Task<NpgsqlConnection>> open, Func<Exception, bool, Exception> describeLostConnection, int maxBatch)
    {
        _session = new PostgresWriteSession(connection);
        _open = open;
        _describeLostConnection = describeLostConnection;
        _maxBatch = Math.Max(1, maxBatch);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (tests check that concurrent commits share them).</summary>
    public long TransactionCount => Interlocked.Read(ref _transactions);

    public Task<T> EnqueueAsync<T>(Func<PostgresWriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var operation = new InteractiveWrite<T>(work, cancellationToken);
        Enqueue(operation);
        return operation.Task;
    }

    /// <summary>Queues a <see cref="StatementsWrite"/>.</summary>
    public Task EnqueueStatementsAsync(Action<NpgsqlBatch> statements, Func<PostgresException, Exception?>? describe, CancellationToken cancellationToken)
    {
        var operation = new StatementsWrite(statements, describe, cancellationToken);
        Enqueue(operation);
        return operation.Task;
    }

    private void Enqueue(PostgresWriteOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
            throw new ObjectDisposedException(nameof(PostgresWorkflowStore));
    }

    private async Task RunAsync()
    {
        var batch = new List<PostgresWriteOperation>(_maxBatch);
        var carried = new List<PostgresWriteOperation>();
        var reader = _queue.Reader;
        while (carried.Count > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Operations rolled back for a deadlock go first in the next transaction.
            batch.AddRange(carried);
            carried.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var operation))
            {
                if (operation.TryTake())
                    batch.Add(operation);
            }

            try
            {
                if (batch.Count > 0)
                    await RunBatchAsync(batch, carried).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                // A bug, not a database error (those are settled per operation): fail this batch's callers
                // rather than end the loop and leave every later write waiting forever.
                foreach (var operation in batch)
                    operation.Fail(error);
            }

            batch.Clear();
        }
    }

    private async Task RunBatchAsync(List<PostgresWriteOperation> batch, List<PostgresWriteOperation> carried)
    {
        // Statements-only batches go first without savepoints (two statements fewer per operation); if one of them
        // fails, nothing was applied and the batch runs again with them, so the failure stays its owner's alone.
        var isolate = batch.Count > 1 && batch.Exists(operation => operation is not StatementsWrite);
        var reconnected = false;
        while (true)
        {
            var errors = new Exception?[batch.Count];
            var committing = false;
            PostgresWriteSession? session = null;
            try
            {
                session = await GetSessionAsync().ConfigureAwait(false);
                session.CommitMayHaveRun = false;
                var outcome = await ExecuteAllAsync(session, batch, errors, isolate).ConfigureAwait(false);
                if (outcome == Outcome.RunIsolated)
                {
                    isolate = true;
                    continue;
                }

                if (outcome == Outcome.RolledBack)
                {
                    Settle(batch, errors, carried);
                    return;
                }

                if (outcome == Outcome.Open)
                {
                    committing = true;
                    session.Defer(AbortedGuard);
                    session.Defer(Commit);
                    await session.FlushAsync().ConfigureAwait(false);
                }
            }
            catch (Exception) when (session is { IsBroken: true, CommitMayHaveRun: false } && !committing && !reconnected)
            {
                // The server rolled the open transaction back with the connection: nothing of the batch was
                // applied, so it is safe to run all of it again on a new connection.
                await DropSessionAsync().ConfigureAwait(false);
                reconnected = true;
                continue;
            }
            catch (Exception error)
            {
                var lost = session is null || session.IsBroken;
                if (lost)
                    await DropSessionAsync().ConfigureAwait(false);
                else
                    await TryRollbackAsync(session!).ConfigureAwait(false);

                var cause = lost ? _describeLostConnection(error, committing || session is { CommitMayHaveRun: true }) : error;
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Fail(errors[i] ?? cause);
                return;
            }

            Interlocked.Increment(ref _transactions);
            Settle(batch, errors, carried);
            return;
        }
    }

    /// <summary>
    /// Runs each operation in the open transaction. A lone operation needs no savepoint: rolling back the transaction
    /// undoes exactly it; nor does a batch run optimistically (<paramref name="isolate"/> false), which is rolled back
    /// whole on a failure and run again isolated. Consecutive statements-only operations go to the server together,
    /// one round trip for up to <see cref="MaxPipelined"/>; when they end the transaction, COMMIT rides in their round
    /// trip too.
    /// </summary>
    private static async Task<Outcome> ExecuteAllAsync(PostgresWriteSession session, List<PostgresWriteOperation> batch, Exception?[] errors, bool isolate)
    {
        var inlineCommit = session.AnsweredWithin(InlineCommitWindow);
        session.ForgetDeferred();
        session.Defer(Begin);
        var next = 0;
        while (next < batch.Count)
        {
            var end = next;
            while (end < batch.Count && end - next < MaxPipelined && batch[end] is StatementsWrite)
                end++;

            if (end == next)
            {
                if (!await ExecuteOneAsync(session, (InteractiveWrite)batch[next], next, errors, isolate).ConfigureAwait(false))
                    return Outcome.RolledBack;
                next++;
            }
            else
            {
                var outcome = await ExecutePipelinedAsync(session, batch, next, end, errors, isolate, commit: end == batch.Count && inlineCommit).ConfigureAwait(false);
                if (outcome != Outcome.Open)
                    return outcome;
                next = end;
            }
        }

        return Outcome.Open;
    }

    /// <summary>Runs an operation that reads as it goes; false when it was alone, failed, and was rolled back.</summary>
    private static async Task<bool> ExecuteOneAsync(
        PostgresWriteSession session, InteractiveWrite operation, int index, Exception?[] errors, bool isolate)
    {
        if (isolate)
            session.Defer(Savepoint);
        try
        {
            await operation.ExecuteAsync(session).ConfigureAwait(false);
            if (isolate)
                session.Defer(Release);
            return true;
        }
        catch (Exception error) when (!session.IsBroken)
        {
            errors[index] = error;
            if (!isolate)
            {
                if (!session.TryWithdraw(Begin))
                    await TryRollbackAsync(session).ConfigureAwait(false);
                session.ForgetDeferred();
                return false;
            }

            // An operation that failed before sending anything has no savepoint to return to.
            if (!session.TryWithdraw(Savepoint))
            {
                session.Defer(RollbackToSavepoint);
                session.Defer(Release);
            }

            return true;
        }
    }

    /// <summary>
    /// Sends operations <paramref name="start"/> to <paramref name="end"/> (exclusive) in one batch, each between
    /// SAVEPOINT and RELEASE. When a statement fails, PostgreSQL skips the rest of the batch: the operation it belongs
    /// to is rolled back to its savepoint and fails alone, and the operations after it are sent again. With
    /// <paramref name="commit"/> the batch ends with the aborted-transaction guard and COMMIT: a transaction of
    /// statements only then costs one round trip, as a single-row autocommit INSERT does.
    /// </summary>
    private static async Task<Outcome> ExecutePipelinedAsync(
        PostgresWriteSession session, List<PostgresWriteOperation> batch, int start, int end, Exception?[] errors, bool isolate, bool commit)
    {
        var next = start;
        while (next < end)
        {
            var owners = new Dictionary<NpgsqlBatchCommand, int>(ReferenceEqualityComparer.Instance);
            await using var network = session.CreateBatch();
            for (var i = next; i < end; i++)
            {
                var first = network.BatchCommands.Count;
                if (isolate)
                    network.Add(Savepoint);
                ((StatementsWrite)batch[i]).AddTo(network);
                if (isolate)
                    network.Add(Release);
                for (var c = first; c < network.BatchCommands.Count; c++)
                    owners[network.BatchCommands[c]] = i;
            }

            var commitAt = -1;
            if (commit)
            {
                network.Add(AbortedGuard);
                commitAt = network.BatchCommands.Count;
                network.Add(Commit);
                session.CommitMayHaveRun = true;
            }

            try
            {
                await network.RunAsync(CancellationToken.None).ConfigureAwait(false);
                session.MarkAnswered();
                return commit ? Outcome.Committed : Outcome.Open;
            }
            catch (PostgresException error) when (commit && session.IsBroken)
            {
                // The server answered with an error (e.g. it is shutting down) for a statement before COMMIT: it
                // skipped the rest, COMMIT included, and the lost connection rolled the transaction back.
                if (network.FailedCommand(error) is { } failed && network.BatchCommands.IndexOf(failed) is var at && at >= 0 && at < commitAt)
                    session.CommitMayHaveRun = false;
                throw;
            }
            catch (PostgresException error) when (!session.IsBroken && network.FailedCommand(error) is { } failed && owners.TryGetValue(failed, out var index))
            {
                session.CommitMayHaveRun = false;
                errors[index] = ((StatementsWrite)batch[index]).Describe(error);
                if (!isolate)
                {
                    await TryRollbackAsync(session).ConfigureAwait(false);
                    return batch.Count > 1 ? Outcome.RunIsolated : Outcome.RolledBack;
                }

                session.Defer(RollbackToSavepoint);
                session.Defer(Release);
                next = index + 1;
            }
        }

        return Outcome.Open;
    }

    /// <summary>Where the transaction stands once its operations have run.</summary>
    private enum Outcome
    {
        /// <summary>Still open: COMMIT is yet to be sent.</summary>
        Open,

        /// <summary>A lone operation failed and the transaction was rolled back: nothing to commit.</summary>
        RolledBack,

        /// <summary>An operation of a batch run without savepoints failed and all was rolled back: run it again with them.</summary>
        RunIsolated,

        /// <summary>COMMIT went with the last batch and succeeded.</summary>
        Committed,
    }

    /// <summary>Completes every operation: success, failure, or (deadlock, serialization failure) another run next time.</summary>
    private static void Settle(List<PostgresWriteOperation> batch, Exception?[] errors, List<PostgresWriteOperation> carried)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (errors[i] is not { } error)
            {
                batch[i].Succeed();
            }
            else if (PostgresErrors.IsRetryableWrite(error) && batch[i].Retries < MaxRetries)
            {
                batch[i].Retries++;
                carried.Add(batch[i]);
            }
            else
            {
                batch[i].Fail(error);
            }
        }
    }

    private async Task<PostgresWriteSession> GetSessionAsync()
    {
        if (_session is { IsBroken: false } session)
            return session;
        await DropSessionAsync().ConfigureAwait(false);
        _session = new PostgresWriteSession(await _open().ConfigureAwait(false));
        return _session;
    }

    private async Task DropSessionAsync()
    {
        if (_session is null)
            return;
        try
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or IOException or ObjectDisposedException)
        {
            // A broken connection may fail to close cleanly; it is being replaced either way.
        }

        _session = null;
    }

    private static async Task TryRollbackAsync(PostgresWriteSession session)
    {
        session.ForgetDeferred();
        try
        {
            await using var batch = session.CreateBatch();
            batch.Add("ROLLBACK");
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or IOException)
        {
            // The connection is gone (the transaction with it), or there was no transaction: nothing more to undo.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await DropSessionAsync().ConfigureAwait(false);
    }
}
