using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Weft.Activities.Vectors;

namespace Weft.Bench;

/// <summary>
/// Ingestion throughput: 1,000 chunks of ~600 characters embedded with the local hashing embedder
/// (dimension 384) and stored, per operation. Floor, measured in the same run: the same embedding
/// plus a raw prepared upsert (INSERT … ON CONFLICT DO UPDATE) of each vector BLOB and text in one
/// transaction on a file with the same pragmas. The store adds validation, normalisation, JSON payloads, an upsert (ON CONFLICT), the
/// version bump and keeping its in-memory copy in step. Goal: within 2× of the floor.
/// Run: dotnet run -c Release --project bench/Weft.Bench -- --filter '*Ingestion*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class IngestionBenchmark
{
    private const int Chunks = 1000;
    private readonly BenchEmbedder _embedder = new();
    private string _directory = "";
    private string[] _texts = [];
    private EmbeddedVectorStore _store = null!;
    private SqliteConnection _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("weft-bench-ingest-").FullName;
        var random = new Random(1);
        string[] words = ["vector", "search", "document", "workflow", "durable", "memory", "chunk", "embedding", "retry", "signal", "model", "context", "query", "store"];
        _texts = [.. Enumerable.Range(0, Chunks).Select(_ =>
        {
            var text = new StringBuilder();
            while (text.Length < 600) text.Append(words[random.Next(words.Length)]).Append(random.Next(20) == 0 ? ". " : " ");
            return text.ToString();
        })];

        _store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = Path.Combine(_directory, "store.db") });
        _store.EnsureCollectionAsync("chunks", 384).GetAwaiter().GetResult();
        _store.UpsertAsync("chunks", [new VectorPoint("warm", _embedder.Embed("warm up"))]).GetAwaiter().GetResult();
        _store.SearchAsync("chunks", _embedder.Embed("warm"), 1).GetAwaiter().GetResult(); // in-memory copy loaded, as on a server that searches too

        _raw = new SqliteConnection($"Data Source={Path.Combine(_directory, "raw.db")}");
        _raw.Open();
        using var create = _raw.CreateCommand();
        create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE points (collection TEXT NOT NULL, id TEXT NOT NULL, vector BLOB NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (collection, id));";
        create.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks, Description = "floor: embed + raw upsert, per chunk")]
    public void EmbedAndRawInsert()
    {
        var vectors = _embedder.GenerateAsync(_texts).GetAwaiter().GetResult();
        using var transaction = _raw.BeginTransaction();
        using var insert = _raw.CreateCommand();
        insert.Transaction = transaction;
        // The least SQL that stores a re-ingested chunk in place (the same statement the store runs).
        insert.CommandText = "INSERT INTO points (collection, id, vector, payload) VALUES ('chunks', $id, $v, $p) ON CONFLICT (collection, id) DO UPDATE SET vector = excluded.vector, payload = excluded.payload";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var vector = insert.Parameters.Add("$v", SqliteType.Blob);
        var payload = insert.Parameters.Add("$p", SqliteType.Text);
        insert.Prepare();
        for (var i = 0; i < _texts.Length; i++)
        {
            id.Value = $"doc:{i}";
            vector.Value = MemoryMarshal.AsBytes(vectors[i].Vector.Span).ToArray();
            payload.Value = _texts[i];
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    [Benchmark(OperationsPerInvoke = Chunks, Description = "embed only, per chunk")]
    public int EmbedOnly() => _embedder.GenerateAsync(_texts).GetAwaiter().GetResult().Count;

    [Benchmark(OperationsPerInvoke = Chunks, Description = "embed + EmbeddedVectorStore.UpsertAsync, per chunk")]
    public void EmbedAndUpsert()
    {
        var vectors = _embedder.GenerateAsync(_texts).GetAwaiter().GetResult();
        var points = new VectorPoint[_texts.Length];
        for (var i = 0; i < points.Length; i++)
            points[i] = new VectorPoint($"doc:{i}", vectors[i].Vector, new JsonObject { ["text"] = _texts[i], ["chunkIndex"] = i });
        _store.UpsertAsync("chunks", points).GetAwaiter().GetResult();
    }
}
