using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Activities.Data;

namespace Weft.Activities.Vectors;

/// <summary>
/// <see cref="IVectorStore"/> in a SQLite file: exact cosine search, no server. Vectors are normalised
/// at insert (so cosine is a dot product) and stored as float32 BLOBs; each collection is loaded into
/// memory on first use (<see cref="EmbeddedCollection"/>) and kept in step with every upsert and delete
/// this process makes, so a search is one SIMD scan of a contiguous matrix. Every write is one
/// transaction that also bumps the collection's version; a search that finds the file's version ahead
/// of its copy (another process wrote) reloads first.
/// </summary>
public sealed class EmbeddedVectorStore : IVectorStore, IDisposable
{
    private static readonly SchemaMigration[] Migrations =
    [
        new(1, "vector collections and points", """
            CREATE TABLE IF NOT EXISTS vector_collections (
                name       TEXT    NOT NULL PRIMARY KEY,
                dimension  INTEGER NOT NULL,
                distance   TEXT    NOT NULL,
                version    INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS vector_points (
                collection TEXT NOT NULL,
                id         TEXT NOT NULL,
                vector     BLOB NOT NULL,
                payload    TEXT NOT NULL,
                PRIMARY KEY (collection, id)
            );
            """),
    ];

    private readonly SqliteFile _file;
    private readonly EmbeddedVectorStoreOptions _options;
    private readonly ConcurrentDictionary<string, CollectionState> _collections = new(StringComparer.Ordinal);
    private readonly Lock _probeGate = new();
    private SqliteConnection? _probeConnection;
    private SqliteCommand? _probe;

    public EmbeddedVectorStore(EmbeddedVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Vectors are stored as little-endian float32.");
        _options = options;
        _file = new SqliteFile(options.Path, options.BusyTimeout);
        _file.Migrate("vectors_schema", Migrations);
    }

    public Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        VectorChecks.Dimension(dimension);
        using var connection = _file.Open();
        // Read first: an INSERT, even one that does nothing, waits for the file's write lock.
        var existing = ReadHeader(connection, null, collection)?.Dimension;
        if (existing is null)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO vector_collections (name, dimension, distance, version, created_at) VALUES ($n, $d, 'Cosine', 0, $t) ON CONFLICT (name) DO NOTHING";
            insert.Parameters.AddWithValue("$n", collection);
            insert.Parameters.AddWithValue("$d", dimension);
            insert.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            existing = ReadHeader(connection, null, collection)!.Value.Dimension;
        }
        if (existing != dimension) throw new DimensionMismatchException(collection, existing.Value, dimension);
        return Task.CompletedTask;
    }

    public Task<int?> GetDimensionAsync(string collection, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        using var connection = _file.Open();
        return Task.FromResult(ReadHeader(connection, null, collection)?.Dimension);
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        VectorChecks.CollectionName(collection);
        if (points.Count == 0) return Task.CompletedTask;
        var state = State(collection);
        lock (state.WriteGate)
        {
            using var connection = _file.Open();
            var dimension = ReadHeader(connection, null, collection)?.Dimension ?? throw VectorChecks.NotFound(collection);
            VectorChecks.Points(collection, dimension, points);

            // Everything is prepared before the transaction opens, so the write lock is held only for the inserts.
            var rows = new (string Id, float[] Unit, string Payload)[points.Count];
            for (var i = 0; i < points.Count; i++)
                rows[i] = (points[i].Id, VectorMath.Normalized(points[i].Vector.Span), (points[i].Payload ?? []).ToJsonString());

            long version;
            using (var transaction = connection.BeginTransaction())
            {
                // Re-read inside the write lock: another process may have recreated the collection meanwhile.
                var header = ReadHeader(connection, transaction, collection) ?? throw VectorChecks.NotFound(collection);
                if (header.Dimension != dimension) throw new DimensionMismatchException(collection, header.Dimension, dimension);
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO vector_points (collection, id, vector, payload) VALUES ($c, $id, $v, $p)
                    ON CONFLICT (collection, id) DO UPDATE SET vector = excluded.vector, payload = excluded.payload
                    """;
                insert.Parameters.AddWithValue("$c", collection);
                var id = insert.Parameters.Add("$id", SqliteType.Text);
                var vector = insert.Parameters.Add("$v", SqliteType.Blob);
                var payload = insert.Parameters.Add("$p", SqliteType.Text);
                insert.Prepare();
                foreach (var row in rows)
                {
                    id.Value = row.Id;
                    vector.Value = MemoryMarshal.AsBytes(row.Unit.AsSpan()).ToArray();
                    payload.Value = row.Payload;
                    insert.ExecuteNonQuery();
                }
                version = BumpVersion(connection, transaction, collection);
                transaction.Commit();
            }

            Apply(state, version, copy =>
            {
                foreach (var row in rows) copy.Set(row.Id, row.Unit, ParsePayload(row.Payload));
            });
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorMatch>> SearchAsync(
        string collection,
        ReadOnlyMemory<float> vector,
        int topK,
        double? scoreThreshold = null,
        VectorFilter? filter = null,
        CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        VectorChecks.TopK(topK);
        var state = State(collection);
        var copy = Fresh(state, collection);
        VectorChecks.Vector(collection, copy.Dimension, vector.Span, "The query vector");
        var unit = VectorMath.Normalized(vector.Span);

        state.Lock.EnterReadLock();
        try
        {
            // The copy may have been replaced by a reload since Fresh returned; search the current one.
            var current = state.Copy ?? copy;
            var hits = current.Search(unit, topK, scoreThreshold is { } t ? (float)t : null, filter);
            var matches = new VectorMatch[hits.Length];
            for (var i = 0; i < hits.Length; i++)
                matches[i] = new VectorMatch(current.IdAt(hits[i].Row), hits[i].Score, (JsonObject)current.PayloadAt(hits[i].Row).DeepClone());
            return Task.FromResult<IReadOnlyList<VectorMatch>>(matches);
        }
        finally
        {
            state.Lock.ExitReadLock();
        }
    }

    public Task DeleteAsync(string collection, VectorFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        VectorChecks.CollectionName(collection);
        var state = State(collection);
        lock (state.WriteGate)
        {
            var copy = Fresh(state, collection, always: true);
            List<string> ids;
            state.Lock.EnterReadLock();
            try
            {
                ids = copy.Matching(filter);
            }
            finally
            {
                state.Lock.ExitReadLock();
            }
            if (ids.Count == 0) return Task.CompletedTask;

            using var connection = _file.Open();
            long version;
            using (var transaction = connection.BeginTransaction())
            {
                using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM vector_points WHERE collection = $c AND id = $id";
                delete.Parameters.AddWithValue("$c", collection);
                var id = delete.Parameters.Add("$id", SqliteType.Text);
                delete.Prepare();
                foreach (var value in ids)
                {
                    id.Value = value;
                    delete.ExecuteNonQuery();
                }
                version = BumpVersion(connection, transaction, collection);
                transaction.Commit();
            }
            Apply(state, version, c =>
            {
                foreach (var value in ids) c.Remove(value);
            });
        }
        return Task.CompletedTask;
    }

    public Task<long> CountAsync(string collection, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        var state = State(collection);
        var copy = Fresh(state, collection);
        state.Lock.EnterReadLock();
        try
        {
            var current = state.Copy ?? copy;
            return Task.FromResult<long>(filter is null || filter.IsEmpty ? current.Count : current.Matching(filter).Count);
        }
        finally
        {
            state.Lock.ExitReadLock();
        }
    }

    /// <summary>Nothing to do: searches are exact scans, and filters are checked only for rows that would enter the top k.</summary>
    public Task CreatePayloadIndexAsync(string collection, string field, PayloadIndexType type, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        return Task.CompletedTask;
    }

    /// <summary>Releases the pooled connections to the file; the in-memory copies go with the instance.</summary>
    public void Dispose()
    {
        lock (_probeGate)
        {
            _probe?.Dispose();
            _probeConnection?.Dispose();
            _probe = null;
        }
        foreach (var state in _collections.Values) state.Lock.Dispose();
        _file.ClearPool();
    }

    private CollectionState State(string collection) => _collections.GetOrAdd(collection, static _ => new CollectionState());

    /// <summary>The in-memory copy, loaded or reloaded when the file is ahead of it.</summary>
    private EmbeddedCollection Fresh(CollectionState state, string collection, bool always = false)
    {
        var copy = state.Copy;
        if (copy is not null && !always && !_options.DetectExternalWrites) return copy;

        var fileVersion = ReadVersion(collection) ?? throw VectorChecks.NotFound(collection);
        if (copy is not null && copy.Version == fileVersion) return copy;

        state.Lock.EnterWriteLock();
        try
        {
            if (state.Copy is { } loaded && loaded.Version == fileVersion) return loaded;
            state.Copy = Load(collection);
            return state.Copy;
        }
        finally
        {
            state.Lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The collection's version in the file, through one kept connection and prepared statement: a
    /// pooled open and a fresh prepare cost more than the scan of a small collection.
    /// </summary>
    private long? ReadVersion(string collection)
    {
        lock (_probeGate)
        {
            if (_probe is null)
            {
                _probeConnection = _file.Open();
                _probe = _probeConnection.CreateCommand();
                _probe.CommandText = "SELECT version FROM vector_collections WHERE name = $n";
                _probe.Parameters.Add("$n", SqliteType.Text);
                _probe.Prepare();
            }
            _probe.Parameters[0].Value = collection;
            return _probe.ExecuteScalar() is long version ? version : null;
        }
    }

    private EmbeddedCollection Load(string collection)
    {
        using var connection = _file.Open();
        // One read transaction: the header and the points are the same snapshot (WAL).
        using var transaction = connection.BeginTransaction(deferred: true);
        var header = ReadHeader(connection, transaction, collection) ?? throw VectorChecks.NotFound(collection);
        var copy = new EmbeddedCollection(collection, header.Dimension, header.Version);
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT id, vector, payload FROM vector_points WHERE collection = $c";
        select.Parameters.AddWithValue("$c", collection);
        using var reader = select.ExecuteReader();
        var buffer = new float[header.Dimension];
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(1);
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(buffer);
            copy.Set(reader.GetString(0), buffer, ParsePayload(reader.GetString(2)));
        }
        return copy;
    }

    /// <summary>Applies a committed write to the loaded copy when the copy was exactly one version behind; otherwise drops it to reload.</summary>
    private static void Apply(CollectionState state, long version, Action<EmbeddedCollection> change)
    {
        state.Lock.EnterWriteLock();
        try
        {
            if (state.Copy is null) return;
            if (state.Copy.Version != version - 1)
            {
                state.Copy = null;
                return;
            }
            change(state.Copy);
            state.Copy.Version = version;
        }
        finally
        {
            state.Lock.ExitWriteLock();
        }
    }

    private static long BumpVersion(SqliteConnection connection, SqliteTransaction transaction, string collection)
    {
        using var bump = connection.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = "UPDATE vector_collections SET version = version + 1 WHERE name = $n RETURNING version";
        bump.Parameters.AddWithValue("$n", collection);
        return Convert.ToInt64(bump.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static (int Dimension, long Version)? ReadHeader(SqliteConnection connection, SqliteTransaction? transaction, string collection)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT dimension, version FROM vector_collections WHERE name = $n";
        command.Parameters.AddWithValue("$n", collection);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Payloads in memory are always parsed from their stored JSON, so filters see one representation.</summary>
    private static JsonObject ParsePayload(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    private sealed class CollectionState
    {
        public Lock WriteGate { get; } = new();
        public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);
        public EmbeddedCollection? Copy { get; set; }
    }
}
