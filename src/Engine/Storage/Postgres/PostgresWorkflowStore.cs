using Npgsql;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// <see cref="IWorkflowStore"/> on PostgreSQL: the distributed default (DESIGN.md §6) — several processes share one
/// database. Every write goes through one <see cref="PostgresWriter"/> per store (a dedicated connection batching
/// concurrent callers into shared transactions, a savepoint each); reads use pooled connections. Work is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claimers in any process never get the same item; commits are fenced by
/// locking the work item and comparing its lease owner. Writes that make work due, and writes of events, NOTIFY the
/// schema's channels (<see cref="ListenForWorkAsync"/>, <see cref="ListenForEventsAsync"/>).
/// Methods initialize the store on first use when <see cref="InitializeAsync"/> was not called.
/// </summary>
public sealed partial class PostgresWorkflowStore : IWorkflowStore
{
    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenDataSource;
    private readonly PostgresEndpoint _endpoint;
    private readonly TimeSpan _connectTimeout;
    private readonly PostgresChannels _channels;
    private readonly CancellationTokenSource _disposing = new();
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private PostgresWriter? _writer;
    private volatile bool _initialized;
    private volatile bool _disposed;

    public PostgresWorkflowStore(PostgresStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CommandTimeout, TimeSpan.Zero, nameof(options));
        if (!PostgresStoreOptions.IsValidSchemaName(options.Schema))
        {
            throw new ArgumentException(
                $"The schema name '{options.Schema}' is not a lower-case identifier ([a-z_][a-z0-9_]*, at most 50 characters).", nameof(options));
        }

        _options = options;
        _time = time ?? TimeProvider.System;
        var builder = ParseConnectionString(options.ConnectionString);
        builder.SearchPath = options.Schema;
        builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        // LISTEN and the writer's explicit transactions need physical connections of their own.
        builder.Multiplexing = false;
        if (string.IsNullOrEmpty(builder.ApplicationName))
            builder.ApplicationName = "weft";
        // The same few statements run over and over: let Npgsql prepare them on each connection.
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 64;
        // The store leaves no session state on a pooled connection (its locks are transaction-scoped, its SETs LOCAL,
        // LISTEN has connections of its own): skip the reset statements Npgsql otherwise sends on every reuse.
        builder.NoResetOnClose = true;
        _endpoint = PostgresEndpoint.From(builder);
        _connectTimeout = TimeSpan.FromSeconds(builder.Timeout);
        _channels = PostgresChannels.For(options.Schema);
        _dataSource = NpgsqlDataSource.Create(builder);

        // Listeners hold their connection for as long as they listen: unpooled (closing one must not hand a
        // LISTENing session to someone else), with keepalives so a silently dead server is noticed.
        var listen = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, MaxAutoPrepare = 0 };
        if (listen.KeepAlive == 0)
            listen.KeepAlive = 15;
        _listenDataSource = NpgsqlDataSource.Create(listen);
    }

    /// <summary>Creates a store with default options over <paramref name="connectionString"/> and migrates it.</summary>
    public static async Task<PostgresWorkflowStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString });
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

    public PostgresStoreOptions Options => _options;

    /// <summary>The server and database, as <c>host:port/database</c> (never the password).</summary>
    public string Endpoint => _endpoint.ToString();

    /// <summary>Write transactions committed by this store so far.</summary>
    internal long TransactionCount => _writer?.TransactionCount ?? 0;

    /// <summary>
    /// Connects and applies pending migrations (creating the schema when missing). Fails with a
    /// <see cref="PostgresStoreConnectionException"/> naming host, port and database when the server cannot be
    /// reached or refuses the login.
    /// </summary>
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

            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await PostgresMigrator.MigrateAsync(connection, _options.Schema, PostgresMigrations.All, _time, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            // The migrating connection becomes the writer's.
            _writer = new PostgresWriter(
                connection,
                OpenWriterConnectionAsync,
                (error, inDoubt) => PostgresErrors.LostWhileWriting(_endpoint, error, inDoubt),
                _options.GroupCommit ? _options.MaxBatch : 1);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidCastException)
        {
            // The driver's message names the offending keyword; the string itself may hold a password.
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {error.Message}", nameof(connectionString), error);
        }
    }

    /// <summary>Opens a pooled connection; failing, says which server could not be reached and why.</summary>
    private async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException or IOException)
        {
            throw PostgresErrors.CannotConnect(_endpoint, error, _connectTimeout);
        }
    }

    /// <summary>
    /// A replacement for the writer's lost connection. The loss means the server restarted or the network broke:
    /// the idle pooled connections are dead too, so the pool is cleared first rather than handing one of them over.
    /// </summary>
    private Task<NpgsqlConnection> OpenWriterConnectionAsync()
    {
        _dataSource.Clear();
        return OpenConnectionAsync(_disposing.Token);
    }

    /// <summary>Queues a write for the group-commit writer; the task completes once it is committed.</summary>
    private Task<T> WriteAsync<T>(Func<PostgresWriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_initialized)
            return _writer!.EnqueueAsync(work, cancellationToken);
        return InitializeThenWriteAsync(work, cancellationToken);
    }

    private async Task<T> InitializeThenWriteAsync<T>(Func<PostgresWriteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _writer!.EnqueueAsync(work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a statements-only write (commits, appends): the writer sends it together with its neighbours.</summary>
    private Task WriteStatementsAsync(Action<NpgsqlBatch> statements, Func<PostgresException, Exception?>? describe, CancellationToken cancellationToken)
    {
        if (_initialized)
            return _writer!.EnqueueStatementsAsync(statements, describe, cancellationToken);
        return InitializeThenWriteStatementsAsync(statements, describe, cancellationToken);
    }

    private async Task InitializeThenWriteStatementsAsync(
        Action<NpgsqlBatch> statements, Func<PostgresException, Exception?>? describe, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writer!.EnqueueStatementsAsync(statements, describe, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a read on a pooled connection. When the connection turns out dead (the server restarted since it was
    /// pooled), every idle one is too: the pool is cleared and the read runs once more on a fresh connection.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!_initialized)
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);

        for (var attempt = 1; ; attempt++)
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await read(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (attempt == 1 && PostgresErrors.IsConnectionLost(error, connection))
            {
                _dataSource.Clear();
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
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
            // Writes already queued still run (and reconnect if need be); listeners stop after.
            if (_writer is not null)
                await _writer.DisposeAsync().ConfigureAwait(false);
            await _disposing.CancelAsync().ConfigureAwait(false);
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            await _listenDataSource.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _initializeLock.Release();
        }
    }
}
