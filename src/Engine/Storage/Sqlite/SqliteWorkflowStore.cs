namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// <see cref="IWorkflowStore"/> on one SQLite file: the embedded, single-node default (DESIGN.md §6).
/// WAL journal, so reads (a small pool of connections) run while the single writer commits; every write goes
/// through one <see cref="GroupCommitWriter"/> that batches concurrent callers into shared transactions.
/// Several processes may open the same file: their writers take turns through BEGIN IMMEDIATE and the busy timeout.
/// Methods initialize the store on first use when <see cref="InitializeAsync"/> was not called.
/// </summary>
public sealed partial class SqliteWorkflowStore : IWorkflowStore
{
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private GroupCommitWriter? _writer;
    private ReadSessionPool? _reads;
    private volatile bool _initialized;
    private bool _disposed;

    public SqliteWorkflowStore(SqliteStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReadPoolSize, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero, nameof(options));
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/> with default options, migrated.</summary>
    public static async Task<SqliteWorkflowStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path });
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public SqliteStoreOptions Options => _options;

    /// <summary>Write transactions committed by this store so far.</summary>
    internal long TransactionCount => _writer?.TransactionCount ?? 0;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
            return;

        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
                return;

            // Migrating may wait on another process's write lock: keep that off the caller's thread.
            var session = await Task.Run(OpenMigrated, cancellationToken).ConfigureAwait(false);
            _reads = new ReadSessionPool(() => SqliteConnections.Open(_options, readOnly: true), _options.ReadPoolSize);
            _writer = new GroupCommitWriter(session, _options.GroupCommit ? _options.MaxBatch : 1);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private SqliteSession OpenMigrated()
    {
        var session = SqliteConnections.Open(_options, readOnly: false);
        try
        {
            SqliteMigrator.Migrate(session, SqliteMigrations.All, _time);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Queues a write for the group-commit writer; the task completes once it is committed.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        if (_initialized)
            return _writer!.EnqueueAsync(work, cancellationToken);
        return InitializeThenWriteAsync(work, cancellationToken);
    }

    private async Task<T> InitializeThenWriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _writer!.EnqueueAsync(work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a read on a pooled connection. SQLite reads are synchronous and short: no thread hop.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<T>(cancellationToken);
        if (!_initialized)
            return InitializeThenReadAsync(read, cancellationToken);
        try
        {
            return Task.FromResult(_reads!.Read(read));
        }
        catch (Exception error)
        {
            return Task.FromException<T>(error);
        }
    }

    private async Task<T> InitializeThenReadAsync<T>(Func<SqliteSession, T> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return _reads!.Read(read);
    }

    public async ValueTask DisposeAsync()
    {
        await _initializeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _initialized = false;
            _reads?.Dispose();
            if (_writer is not null)
                await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private static string QueuesJson(IReadOnlyList<string> queues) =>
        new System.Text.Json.Nodes.JsonArray(queues.Select(q => (System.Text.Json.Nodes.JsonNode?)q).ToArray()).ToJsonString();
}
