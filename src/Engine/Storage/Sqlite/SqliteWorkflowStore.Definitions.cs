using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Weft.Engine.Model;

namespace Weft.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string DefinitionsTable = "definitions";

    private const string NextVersion = "SELECT coalesce(max(version), 0) + 1 FROM definitions WHERE id = @id";

    private const string InsertDefinition = """
        INSERT INTO definitions (id, version, name, description, json, created_at)
        VALUES (@id, @version, @name, @description, @json, @created_at)
        """;

    private const string SelectLatestDefinition = """
        SELECT json, version FROM definitions WHERE id = @id AND deleted = 0 ORDER BY version DESC LIMIT 1
        """;

    private const string SelectDefinitionVersion = "SELECT json, version FROM definitions WHERE id = @id AND version = @version";

    private const string SelectPublishedDefinition = """
        SELECT d.json, d.version FROM published_definitions p
        JOIN definitions d ON d.id = p.definition_id AND d.version = p.version
        WHERE p.definition_id = @id AND d.deleted = 0
        """;

    private const string LiveVersionExists = "SELECT EXISTS (SELECT 1 FROM definitions WHERE id = @id AND version = @version AND deleted = 0)";

    private const string UpsertPublished = """
        INSERT INTO published_definitions (definition_id, version, published_at) VALUES (@id, @version, @now)
        ON CONFLICT (definition_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at
        """;

    private const string DeletePublished = "DELETE FROM published_definitions WHERE definition_id = @id";

    private const string MarkDefinitionDeleted = "UPDATE definitions SET deleted = 1 WHERE id = @id AND deleted = 0";

    private const string SelectDefinitionSummaries = """
        SELECT d.id, d.name, d.description, d.version, p.version, max(d.created_at, coalesce(p.published_at, 0))
        FROM definitions d
        LEFT JOIN published_definitions p ON p.definition_id = d.id
        WHERE d.deleted = 0
          AND d.version = (SELECT max(x.version) FROM definitions x WHERE x.id = d.id AND x.deleted = 0)
        ORDER BY d.id
        """;

    private const string SelectDefinitionVersions = """
        SELECT d.version, p.version IS NOT NULL, d.created_at
        FROM definitions d
        LEFT JOIN published_definitions p ON p.definition_id = d.id AND p.version = d.version
        WHERE d.id = @id AND d.deleted = 0
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
        var now = SqliteValues.ToDb(_time.GetUtcNow());

        return WriteAsync(session =>
        {
            var version = Convert.ToInt32(session.Command(NextVersion).With("@id", id).ExecuteScalar(), CultureInfo.InvariantCulture);
            document[VersionProperty] = version;
            session.Command(InsertDefinition)
                .With("@id", id)
                .With("@version", version)
                .With("@name", name)
                .With("@description", description)
                .With("@json", document.ToJsonString(WeftJson.Options))
                .With("@created_at", now)
                .ExecuteNonQuery();
            return version;
        }, cancellationToken);
    }

    public Task<WorkflowDefinition?> GetDefinitionAsync(string id, int? version = null, CancellationToken cancellationToken = default) =>
        ReadAsync(session =>
        {
            var command = version is { } v
                ? session.Command(SelectDefinitionVersion).With("@id", id).With("@version", v)
                : session.Command(SelectLatestDefinition).With("@id", id);
            return ReadDefinition(command, id);
        }, cancellationToken);

    public Task<WorkflowDefinition?> GetPublishedDefinitionAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadDefinition(session.Command(SelectPublishedDefinition).With("@id", id), id), cancellationToken);

    public Task<bool> PublishDefinitionAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        var now = SqliteValues.ToDb(_time.GetUtcNow());
        return WriteAsync(session =>
        {
            if (Convert.ToInt64(session.Command(LiveVersionExists).With("@id", id).With("@version", version).ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                return false;
            session.Command(UpsertPublished).With("@id", id).With("@version", version).With("@now", now).ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    public Task<bool> UnpublishDefinitionAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(session => session.Command(DeletePublished).With("@id", id).ExecuteNonQuery() > 0, cancellationToken);

    public Task<IReadOnlyList<DefinitionSummary>> ListDefinitionsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<DefinitionSummary>>(session =>
        {
            var summaries = new List<DefinitionSummary>();
            using var reader = session.Command(SelectDefinitionSummaries).ExecuteReader();
            while (reader.Read())
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
        ReadAsync<IReadOnlyList<DefinitionVersionInfo>>(session =>
        {
            var versions = new List<DefinitionVersionInfo>();
            using var reader = session.Command(SelectDefinitionVersions).With("@id", id).ExecuteReader();
            while (reader.Read())
                versions.Add(new DefinitionVersionInfo(reader.GetInt32(0), reader.GetInt64(1) != 0, reader.GetTime(2)));
            return versions;
        }, cancellationToken);

    public Task<bool> DeleteDefinitionAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(session =>
        {
            var deleted = session.Command(MarkDefinitionDeleted).With("@id", id).ExecuteNonQuery();
            session.Command(DeletePublished).With("@id", id).ExecuteNonQuery();
            return deleted > 0;
        }, cancellationToken);

    private static WorkflowDefinition? ReadDefinition(SqliteCommand command, string id)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read())
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
