namespace Weft.Engine.Storage.Sqlite;

/// <summary>How <see cref="SqliteWorkflowStore"/> opens and writes its database file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file (created when missing). Required.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// Batch the writes queued by concurrent callers into shared transactions (one fsync for many
    /// commits). Default: true. False runs one transaction per write, for comparison and debugging.
    /// </summary>
    public bool GroupCommit { get; init; } = true;

    /// <summary>Most writes one group-commit transaction takes. Default: 256.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>
    /// How long a connection waits for another process's write lock before failing with SQLITE_BUSY.
    /// Default: 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When SQLite fsyncs. Default: <see cref="SqliteSynchronous.Full"/> — a completed node survives power
    /// loss too. Group commit shares one fsync among every commit of a batch, so with many instances at
    /// once Full costs the engine nothing measurable (bench/README.md); choose Normal for single-instance
    /// latency on slow disks.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>Read connections kept open between reads (more are opened under load and closed after). Default: 8.</summary>
    public int ReadPoolSize { get; init; } = 8;
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that make sense with WAL.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// WAL is fsynced at checkpoints, not at every commit. A committed transaction survives the process
    /// dying at any instant (SIGKILL, crash, OOM kill) because it is in the OS page cache — that is the
    /// least Weft promises. An OS crash or power loss may lose the last commits (never corrupts). Faster
    /// than <see cref="Full"/> for one instance at a time on a slow disk; no faster under load.
    /// </summary>
    Normal,

    /// <summary>The WAL is fsynced at every commit (one fsync per group-commit batch): commits also survive an OS crash or power loss. The default.</summary>
    Full,
}
