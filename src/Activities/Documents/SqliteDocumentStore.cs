using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Activities.Data;

namespace Weft.Activities.Documents;

/// <summary>
/// <see cref="IDocumentStore"/> in a SQLite file — its own <c>documents</c> table, migrations recorded in
/// <c>documents_schema</c> — so it can share the workflow store's file. Tables are created on construction.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore, IDisposable
{
    private static readonly SchemaMigration[] Migrations =
    [
        new(1, "documents", """
            CREATE TABLE IF NOT EXISTS documents (
                id           TEXT    NOT NULL PRIMARY KEY,
                name         TEXT    NOT NULL,
                content_type TEXT    NOT NULL,
                title        TEXT    NULL,
                length       INTEGER NOT NULL,
                sha256       TEXT    NOT NULL,
                metadata     TEXT    NULL,
                content      BLOB    NOT NULL,
                created_at   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS documents_by_created ON documents (created_at DESC, id);
            """),
    ];

    private const string InfoColumns = "id, name, content_type, length, title, sha256, metadata, created_at, updated_at";

    private readonly SqliteFile _file;
    private readonly TimeProvider _time;

    public SqliteDocumentStore(string path, TimeProvider? time = null, TimeSpan? busyTimeout = null)
    {
        _file = new SqliteFile(path, busyTimeout ?? TimeSpan.FromSeconds(30));
        _time = time ?? TimeProvider.System;
        _file.Migrate("documents_schema", Migrations);
    }

    public Task<StoredDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {InfoColumns}, content FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return Task.FromResult<StoredDocument?>(null);
        return Task.FromResult<StoredDocument?>(new StoredDocument(ReadInfo(reader), (byte[])reader.GetValue(9)));
    }

    public Task<DocumentInfo> SaveAsync(DocumentUpload document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrWhiteSpace(document.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(document.ContentType);
        var id = string.IsNullOrWhiteSpace(document.Id) ? Guid.NewGuid().ToString("N") : document.Id;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var sha = Convert.ToHexStringLower(SHA256.HashData(document.Content));

        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO documents (id, name, content_type, title, length, sha256, metadata, content, created_at, updated_at)
            VALUES ($id, $name, $type, $title, $length, $sha, $metadata, $content, $now, $now)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, content_type = excluded.content_type, title = excluded.title,
                length = excluded.length, sha256 = excluded.sha256, metadata = excluded.metadata,
                content = excluded.content, updated_at = excluded.updated_at
            RETURNING {InfoColumns}
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", document.Name);
        command.Parameters.AddWithValue("$type", document.ContentType);
        command.Parameters.AddWithValue("$title", (object?)document.Title ?? DBNull.Value);
        command.Parameters.AddWithValue("$length", document.Content.LongLength);
        command.Parameters.AddWithValue("$sha", sha);
        command.Parameters.AddWithValue("$metadata", (object?)document.Metadata?.ToJsonString() ?? DBNull.Value);
        command.Parameters.Add("$content", SqliteType.Blob).Value = document.Content;
        command.Parameters.AddWithValue("$now", now);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(ReadInfo(reader));
    }

    public Task<IReadOnlyList<DocumentInfo>> ListAsync(int limit = 100, int offset = 0, CancellationToken cancellationToken = default)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {InfoColumns} FROM documents ORDER BY created_at DESC, id LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 10_000));
        command.Parameters.AddWithValue("$offset", Math.Max(0, offset));
        using var reader = command.ExecuteReader();
        var list = new List<DocumentInfo>();
        while (reader.Read()) list.Add(ReadInfo(reader));
        return Task.FromResult<IReadOnlyList<DocumentInfo>>(list);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteNonQuery() > 0);
    }

    private static DocumentInfo ReadInfo(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : JsonNode.Parse(reader.GetString(6)) as JsonObject,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)));

    /// <summary>Releases the pooled connections to the file.</summary>
    public void Dispose() => _file.ClearPool();
}
