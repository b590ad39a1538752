using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Data;
using Weft.Activities.Vectors;
using Weft.Engine.Activities;

namespace Weft.Activities.Memory;

/// <summary>
/// Long-term memory in the manner of mem0: short texts (facts) scoped by user, agent and run, stored
/// as points of one vector collection (payload: memoryId, text, hash, userId, agentId, runId,
/// metadata, createdAt, updatedAt) and found by similarity within a scope. Every change — and every
/// text skipped as a near-duplicate — is appended to a SQLite history that can be queried by memory
/// or by scope. The embeddings model is chosen per call (it must be the one the collection was built with).
/// </summary>
public sealed class MemoryStore : IDisposable
{
    private static readonly Guid MemoryIdNamespace = new("2b7e4f0c-5d61-4a8e-b3f9-1c6a8d2e7f40");
    private static readonly string[] ScopeKeys = ["userId", "agentId", "runId", "memoryId"];

    private readonly IVectorStore _vectors;
    private readonly MemoryStoreOptions _options;
    private readonly MemoryHistory _history;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _readyDimension; // the dimension the collection was last ensured with; 0 before

    public MemoryStore(IVectorStore vectors, MemoryStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(options);
        _vectors = vectors;
        _options = options;
        _history = new MemoryHistory(options.HistoryPath, options.BusyTimeout);
    }

    public string Collection => _options.Collection;

    /// <summary>
    /// Adds each text as a memory of <paramref name="scope"/>; with <see cref="MemoryAddOptions.Deduplicate"/>,
    /// a text as similar as the threshold to a memory already in the scope (including one added earlier in
    /// this call) is skipped and recorded as a Noop instead.
    /// </summary>
    public async Task<IReadOnlyList<MemoryChange>> AddAsync(
        IReadOnlyList<string> texts,
        MemoryScope scope,
        JsonObject? metadata,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        MemoryAddOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(embedder);
        RequireScope(scope);
        options ??= new MemoryAddOptions();
        var requestId = string.IsNullOrEmpty(options.RequestId) ? Guid.NewGuid().ToString("N") : options.RequestId;
        var cleaned = texts.Select(t => t?.Trim() ?? "").ToArray();
        if (cleaned.Length == 0) return [];
        if (Array.Exists(cleaned, t => t.Length == 0)) throw ActivityException.Validation("A memory's text is empty.");

        var vectors = await EmbeddingBatches.EmbedAsync(embedder, cleaned, 64, null, cancellationToken).ConfigureAwait(false);
        await ReadyAsync(vectors[0].Length, cancellationToken).ConfigureAwait(false);
        var scopeFilter = ScopeFilter(scope);
        var changes = new List<MemoryChange>(cleaned.Length);

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < cleaned.Length; i++)
            {
                var text = cleaned[i];
                var id = UuidV5.Create(MemoryIdNamespace, $"{requestId}\n{i}\n{text}").ToString("D");
                if (options.Deduplicate)
                {
                    var similar = await _vectors.SearchAsync(Collection, vectors[i], 1, options.DedupThreshold, scopeFilter, cancellationToken).ConfigureAwait(false);
                    if (similar.Count > 0 && similar[0].Id != id)
                    {
                        var existing = similar[0];
                        var existingText = existing.Payload["text"]?.ToString() ?? "";
                        _history.Append(existing.Id, MemoryEvent.Noop, existingText, text, scope, metadata, requestId, i, Now);
                        changes.Add(new MemoryChange(existing.Id, text, MemoryEvent.Noop, existingText, existing.Score));
                        continue;
                    }
                    // similar[0].Id == id: this very request stored it before (a retried node); write it again, record nothing twice.
                }

                var now = Now;
                await _vectors.UpsertAsync(Collection, [new VectorPoint(id, vectors[i], Payload(id, text, scope, metadata, now, now))], cancellationToken).ConfigureAwait(false);
                _history.Append(id, MemoryEvent.Add, null, text, scope, metadata, requestId, i, now);
                changes.Add(new MemoryChange(id, text, MemoryEvent.Add));
            }
        }
        finally
        {
            _writeGate.Release();
        }
        return changes;
    }

    /// <summary>The memories of <paramref name="scope"/> most similar to <paramref name="query"/>, best first; none when nothing was ever stored.</summary>
    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(
        string query,
        MemoryScope scope,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        int topK = 5,
        double? scoreThreshold = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(embedder);
        RequireScope(scope);
        var vector = (await EmbeddingBatches.EmbedAsync(embedder, [query], 1, null, cancellationToken).ConfigureAwait(false))[0];
        IReadOnlyList<VectorMatch> found;
        try
        {
            found = await _vectors.SearchAsync(Collection, vector, topK, scoreThreshold, ScopeFilter(scope), cancellationToken).ConfigureAwait(false);
        }
        catch (ActivityException ex) when (ex.ErrorType == DataErrors.CollectionNotFound)
        {
            return [];
        }
        return [.. found.Select(ToHit)];
    }

    /// <summary>Replaces a memory's text (re-embedded); null when there is no such memory (or it was deleted).</summary>
    public async Task<MemoryChange?> UpdateAsync(string memoryId, string text, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentNullException.ThrowIfNull(embedder);
        text = text.Trim();
        var vector = (await EmbeddingBatches.EmbedAsync(embedder, [text], 1, null, cancellationToken).ConfigureAwait(false))[0];
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _history.Current(memoryId);
            if (current is null || current.Event == MemoryEvent.Delete) return null;
            var now = Now;
            var created = _history.CreatedAt(memoryId) ?? current.At;
            await _vectors.UpsertAsync(Collection, [new VectorPoint(memoryId, vector, Payload(memoryId, text, current.Scope, current.Metadata, created, now))], cancellationToken).ConfigureAwait(false);
            _history.Append(memoryId, MemoryEvent.Update, current.NewText, text, current.Scope, current.Metadata, Guid.NewGuid().ToString("N"), 0, now);
            return new MemoryChange(memoryId, text, MemoryEvent.Update, current.NewText);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Deletes a memory; null when there is no such memory (or it was deleted already).</summary>
    public async Task<MemoryChange?> DeleteAsync(string memoryId, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _history.Current(memoryId);
            if (current is null || current.Event == MemoryEvent.Delete) return null;
            await _vectors.DeleteAsync(Collection, VectorFilter.Equal([new("memoryId", memoryId)]), cancellationToken).ConfigureAwait(false);
            _history.Append(memoryId, MemoryEvent.Delete, current.NewText, null, current.Scope, current.Metadata, Guid.NewGuid().ToString("N"), 0, Now);
            return new MemoryChange(memoryId, current.NewText ?? "", MemoryEvent.Delete, current.NewText);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Everything that happened to one memory, oldest first (including texts skipped as its duplicates).</summary>
    public Task<IReadOnlyList<MemoryHistoryEntry>> GetHistoryAsync(string memoryId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_history.ForMemory(memoryId));

    /// <summary>The latest <paramref name="limit"/> changes in <paramref name="scope"/> (every id it gives must match), oldest first.</summary>
    public Task<IReadOnlyList<MemoryHistoryEntry>> GetHistoryAsync(MemoryScope scope, int limit = 100, CancellationToken cancellationToken = default)
    {
        RequireScope(scope);
        return Task.FromResult(_history.ForScope(scope, limit));
    }

    public void Dispose()
    {
        _writeGate.Dispose();
        _history.ClearPool();
    }

    private DateTimeOffset Now => _options.Time.GetUtcNow();

    /// <summary>Creates the collection (and Qdrant's payload indexes) once per dimension; later calls trust it, and a changed dimension still fails at the store.</summary>
    private async Task ReadyAsync(int dimension, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _readyDimension) == dimension) return;
        await _vectors.EnsureCollectionAsync(Collection, dimension, cancellationToken).ConfigureAwait(false);
        // Scope filters run on every memory search: Qdrant wants them indexed (the embedded store ignores this).
        foreach (var key in ScopeKeys)
            await _vectors.CreatePayloadIndexAsync(Collection, key, PayloadIndexType.Keyword, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _readyDimension, dimension);
    }

    private static void RequireScope(MemoryScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsEmpty) throw ActivityException.Validation("A memory needs a scope: at least one of userId, agentId and runId.");
    }

    private static VectorFilter ScopeFilter(MemoryScope scope) =>
        VectorFilter.Equal([new("userId", Blank(scope.UserId)), new("agentId", Blank(scope.AgentId)), new("runId", Blank(scope.RunId))]);

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static JsonObject Payload(string id, string text, MemoryScope scope, JsonObject? metadata, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var payload = new JsonObject
        {
            ["memoryId"] = id,
            ["text"] = text,
            ["hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
        };
        if (Blank(scope.UserId) is { } user) payload["userId"] = user;
        if (Blank(scope.AgentId) is { } agent) payload["agentId"] = agent;
        if (Blank(scope.RunId) is { } run) payload["runId"] = run;
        if (metadata is not null) payload["metadata"] = metadata.DeepClone();
        payload["createdAt"] = createdAt.ToString("O", CultureInfo.InvariantCulture);
        payload["updatedAt"] = updatedAt.ToString("O", CultureInfo.InvariantCulture);
        return payload;
    }

    private static MemoryHit ToHit(VectorMatch match)
    {
        var p = match.Payload;
        return new MemoryHit(
            p["memoryId"]?.ToString() ?? match.Id,
            p["text"]?.ToString() ?? "",
            match.Score,
            p["metadata"] as JsonObject is { } metadata ? (JsonObject)metadata.DeepClone() : null,
            new MemoryScope(p["userId"]?.ToString(), p["agentId"]?.ToString(), p["runId"]?.ToString()),
            Date(p["createdAt"]),
            Date(p["updatedAt"]));
    }

    private static DateTimeOffset Date(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : default;
}
