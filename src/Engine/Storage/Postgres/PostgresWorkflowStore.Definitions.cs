using System.Text.Json;
using Npgsql;
using Weft.Engine.Model;

namespace Weft.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string DefinitionsTable = "definitions";

    /// <summary>
    /// Numbering versions is read-then-insert: processes saving the same id take turns on an advisory lock held to
    /// the end of their transaction (the second then reads the first's version).
    /// </summary>
    private const string LockDefinitionId = "SELECT pg_advisory_xact_lock(@lock_class, hashtext(@key))";

    /// <summary>The first key of the per-definition advisory locks ("WD" in ASCII); the second is a hash of schema and id.</summary>
    private const int DefinitionLockClass = 0x5744;

    private const string NextVersion = "SELECT coalesce(max(version), 0) + 1 FROM definitions WHERE id = @id";

    private const string InsertDefinition = """
        INSERT INTO definitions (id, version, name, description, json, created_at)
        VALUES (@id, @version, @name, @description, @json, @created_at)
        """;

    private const string SelectLatestDefinition = """
        SELECT json, version FROM definitions WHERE id = @id AND NOT deleted ORDER BY version DESC LIMIT 1
        """;

    private const string SelectDefinitionVersion = "SELECT json, version FROM definitions WHERE id = @id AND version = @version";

    private const string SelectPublishedDefinition = """
        SELECT d.json, d.version FROM published_definitions p
        JOIN definitions d ON d.id = p.definition_id AND d.version = p.version
        WHERE p.definition_id = @id AND NOT d.deleted
        """;

    /// <summary>Publishes a version that exists and is not deleted; 0 rows otherwise.</summary>
    private const string PublishIfLive = """
        INSERT INTO published_definitions (definition_id, version, published_at)
        SELECT id, version, @now FROM definitions WHERE id = @id AND version = @version AND NOT deleted
        ON CONFLICT (definition_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at
        """;

    private const string DeletePublished = "DELETE FROM published_definitions WHERE definition_id = @id";

    private const string MarkDefinitionDeleted = "UPDATE definitions SET deleted = true WHERE id = @id AND NOT deleted";

    private const string SelectDefinitionSummaries = """
        SELECT d.id, d.name, d.description, d.version, p.version, GREATEST(d.created_at, p.published_at)
        FROM definitions d
        LEFT JOIN published_definitions p ON p.definition_id = d.id
        WHERE NOT d.deleted
          AND d.version = (SELECT max(x.version) FROM definitions x WHERE x.id = d.id AND NOT x.deleted)
        ORDER BY d.id
        """;

    private const string SelectDefinitionVersions = """
        SELECT d.version, p.version IS NOT NULL, d.created_at
        FROM definitions d
        LEFT JOIN published_definitions p ON p.definition_id = d.id AND p.version = d.version
        WHERE d.id = @id AND NOT d.deleted
        ORDER BY d.version
        """;

    private static readonly string VersionProperty =
        WeftJson.Options.PropertyNamingPolicy?.ConvertName(nameof(WorkflowDefinition.Version)) ?? nameof(WorkflowDefinition.Version);

    public Task<int> SaveDefinitionAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Id, nameof(definition));

        // Serialized now, on the caller's thread; the writer only stamps the version it assigns.
        var document = JsonSerializer.SerializeToNode(definition, WeftJson.Options.GetTypeInfo(typeof(WorkflowDefinition)))!.AsObject();
        var (id, name, description) = (definition.Id, definition.Name, definition.Description);
        var now = _time.GetUtcNow();
        var lockKey = $"{_options.Schema}.{id}";

        return WriteAsync(async session =>
        {
            int version;
            await using (var batch = session.CreateBatch())
            {
                batch.Add(LockDefinitionId).WithInt("lock_class", DefinitionLockClass).WithText("key", lockKey);
                batch.Add(NextVersion).WithText("id", id);
                await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                await reader.NextResultAsync().ConfigureAwait(false);
                await reader.ReadAsync().ConfigureAwait(false);
                version = reader.GetInt32(0);
                await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);
            }

            document[VersionProperty] = version;
            await using (var batch = session.CreateBatch())
            {
                batch.Add(InsertDefinition)
                    .WithText("id", id)
                    .WithInt("version", version)
                    .WithText("name", name)
                    .WithText("description", description)
                    .WithJson("json", document.ToJsonString(WeftJson.Options))
                    .WithTime("created_at", now);
                await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return version;
        }, cancellationToken);
    }

    public Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version = null, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            if (version is { } v)
                batch.Add(SelectDefinitionVersion).WithText("id", id).WithInt("version", v);
            else
                batch.Add(SelectLatestDefinition).WithText("id", id);
            return await ReadDefinitionAsync(batch, id, ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<WorkflowDefinition?> GetPublishedDefinitionAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(SelectPublishedDefinition).WithText("id", id);
            return await ReadDefinitionAsync(batch, id, ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<bool> PublishDefinitionAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            var publish = batch.Add(PublishIfLive).WithText("id", id).WithInt("version", version).WithTime("now", now);
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return publish.RecordsAffected > 0;
        }, cancellationToken);
    }

    public Task<bool> UnpublishDefinitionAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            var unpublish = batch.Add(DeletePublished).WithText("id", id);
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return unpublish.RecordsAffected > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<DefinitionSummary>> ListDefinitionsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<DefinitionSummary>>(async (connection, ct) =>
        {
            var summaries = new List<DefinitionSummary>();
            await using var batch = connection.CreateBatch();
            batch.Add(SelectDefinitionSummaries);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                summaries.Add(new DefinitionSummary(
                    reader.GetString(0),
                    reader.GetStringOrNull(1),
                    reader.GetStringOrNull(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.GetTime(5)));
            }

            return summaries;
        }, cancellationToken);

    /// <summary>The versions not deleted, oldest first; empty for an unknown id.</summary>
    public Task<IReadOnlyList<DefinitionVersionInfo>> ListDefinitionVersionsAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<DefinitionVersionInfo>>(async (connection, ct) =>
        {
            var versions = new List<DefinitionVersionInfo>();
            await using var batch = connection.CreateBatch();
            batch.Add(SelectDefinitionVersions).WithText("id", id);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                versions.Add(new DefinitionVersionInfo(reader.GetInt32(0), reader.GetBoolean(1), reader.GetTime(2)));
            return versions;
        }, cancellationToken);

    public Task<bool> DeleteDefinitionAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            var markDeleted = batch.Add(MarkDefinitionDeleted).WithText("id", id);
            batch.Add(DeletePublished).WithText("id", id);
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return markDeleted.RecordsAffected > 0;
        }, cancellationToken);

    private static async Task<WorkflowDefinition?> ReadDefinitionAsync(NpgsqlBatch batch, string id, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;

        var version = reader.GetInt32(1);
        try
        {
            var definition = WeftJson.ParseDefinition(reader.GetString(0));
            definition.Version = version;
            return definition;
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw StoredValues.Corrupt(DefinitionsTable, $"{id} v{version}", "json", error);
        }
    }
}
