using System.Data;
using System.Diagnostics;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The writer's connection, plus the transaction-control statements (BEGIN, SAVEPOINT, RELEASE, ROLLBACK TO) that
/// have not been sent yet: they ride in front of the next batch an operation sends, so a savepoint costs no round
/// trip of its own. Not thread-safe: only the writer loop uses it.
/// </summary>
internal sealed class PostgresWriteSession(NpgsqlConnection connection) : IAsyncDisposable
{
    private readonly List<string> _deferred = [];

    public NpgsqlConnection Connection => connection;

    /// <summary>
    /// Set while a batch carrying COMMIT is out, cleared when an error shows the server never reached the COMMIT.
    /// When the connection is lost with this set, the transaction's outcome is unknown: it must not run again.
    /// </summary>
    public bool CommitMayHaveRun { get; set; }

    private long _lastAnswer;

    /// <summary>Notes that the server just answered a batch: the connection was alive a moment ago.</summary>
    public void MarkAnswered() => _lastAnswer = Stopwatch.GetTimestamp();

    /// <summary>True when the server answered within <paramref name="window"/>; false on a new session.</summary>
    public bool AnsweredWithin(TimeSpan window) => _lastAnswer != 0 && Stopwatch.GetElapsedTime(_lastAnswer) < window;

    /// <summary>True once the connection is unusable (server restarted, network gone): it must be replaced.</summary>
    public bool IsBroken =>
        connection.State != ConnectionState.Open || (connection.FullState & ConnectionState.Broken) != 0;

    /// <summary>Queues <paramref name="sql"/> to run first in the next batch.</summary>
    public void Defer(string sql) => _deferred.Add(sql);

    /// <summary>Takes back the last deferred <paramref name="sql"/>; false when it was sent already.</summary>
    public bool TryWithdraw(string sql)
    {
        var index = _deferred.LastIndexOf(sql);
        if (index < 0)
            return false;
        _deferred.RemoveAt(index);
        return true;
    }

    /// <summary>A new batch on the writer's connection that starts with the deferred statements.</summary>
    public NpgsqlBatch CreateBatch()
    {
        var batch = connection.CreateBatch();
        foreach (var sql in _deferred)
            batch.Add(sql);
        _deferred.Clear();
        return batch;
    }

    /// <summary>Sends the deferred statements now.</summary>
    public async Task FlushAsync()
    {
        if (_deferred.Count == 0)
            return;
        await using var batch = CreateBatch();
        await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
        MarkAnswered();
    }

    public void ForgetDeferred() => _deferred.Clear();

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
