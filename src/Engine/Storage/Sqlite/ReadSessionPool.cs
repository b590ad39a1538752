using System.Collections.Concurrent;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// Read connections kept open between reads. WAL lets readers run while the writer commits, so reads
/// never queue behind writes; each connection keeps its compiled statements.
/// </summary>
internal sealed class ReadSessionPool(Func<SqliteSession> open, int keep) : IDisposable
{
    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public T Read<T>(Func<SqliteSession, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = Rent();
        try
        {
            return read(session);
        }
        finally
        {
            Return(session);
        }
    }

    private SqliteSession Rent()
    {
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        return open();
    }

    private void Return(SqliteSession session)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= keep)
        {
            _idle.Add(session);
            if (_disposed)
                Drain();
            return;
        }

        if (!_disposed)
            Interlocked.Decrement(ref _idleCount);
        session.Dispose();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var session))
            session.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }
}
