using System.Text.Json.Nodes;

namespace Weft.Activities.Documents;

/// <summary>Uploaded documents that <c>document.load</c> reads by id. The server exposes upload, list and get.</summary>
public interface IDocumentStore
{
    /// <summary>The document with its content; null when there is none with <paramref name="id"/>.</summary>
    Task<StoredDocument?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stores a document; an upload with the id of an existing one replaces it (its creation time is kept).</summary>
    Task<DocumentInfo> SaveAsync(DocumentUpload document, CancellationToken cancellationToken = default);

    /// <summary>Documents without their content, newest first.</summary>
    Task<IReadOnlyList<DocumentInfo>> ListAsync(int limit = 100, int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>False when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>A document to store. <see cref="Id"/> null or empty: a new id is generated.</summary>
public sealed record DocumentUpload(string? Id, string Name, string ContentType, byte[] Content, string? Title = null, JsonObject? Metadata = null);

/// <summary>A stored document's description.</summary>
public sealed record DocumentInfo(
    string Id,
    string Name,
    string ContentType,
    long Length,
    string? Title,
    string Sha256,
    JsonObject? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A stored document with its content.</summary>
public sealed record StoredDocument(DocumentInfo Info, byte[] Content)
{
    public string Id => Info.Id;
}
