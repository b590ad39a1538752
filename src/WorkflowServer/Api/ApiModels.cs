using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Validation;

namespace Weft.WorkflowServer.Api;

/// <summary>A stored definition version with where it stands: what GET, POST and PUT of a definition answer.</summary>
public sealed record DefinitionResponse(string Id, int Version, int? PublishedVersion, WorkflowDefinition Definition);

public sealed record PublishResponse(string Id, int? PublishedVersion);

/// <summary>The answer of <c>POST /api/definitions/validate</c>.</summary>
public sealed record ValidationResponse(bool Valid, IReadOnlyList<ValidationError> Errors);

public sealed record ImportResponse(IReadOnlyList<ImportedDefinition> Imported);

public sealed record ImportedDefinition(string Id, int Version, bool Published);

/// <summary>The body of <c>POST /api/instances</c>.</summary>
public sealed class StartInstanceBody
{
    public string? DefinitionId { get; set; }

    /// <summary>A specific version, draft or not; without it the published version starts.</summary>
    public int? Version { get; set; }

    public JsonObject? Input { get; set; }
    public string? InstanceId { get; set; }
}

public sealed record StartInstanceResponse(string InstanceId, bool Created, InstanceStatus Status);

/// <summary>An instance in a list: identity, status and times (the state is in <c>GET /api/instances/{id}</c>).</summary>
public sealed record InstanceSummary(
    string Id,
    string DefinitionId,
    int DefinitionVersion,
    InstanceStatus Status,
    string Queue,
    string? ParentInstanceId,
    string? ParentNodeId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public static InstanceSummary From(InstanceRecord r) =>
        new(r.Id, r.DefinitionId, r.DefinitionVersion, r.Status, r.Queue, r.ParentInstanceId, r.ParentNodeId, r.CreatedAt, r.UpdatedAt, r.CompletedAt);
}

public sealed record InstanceListResponse(IReadOnlyList<InstanceSummary> Items, int Total, int Skip, int Take);

/// <summary>What a control request (signal, cancel, terminate, retry) was accepted as.</summary>
public sealed record AcceptedResponse(string InstanceId, string Action, InstanceStatus? StatusBefore = null);

/// <summary>The <c>data</c> of one Server-Sent Event.</summary>
public sealed record EventMessage(long Sequence, string Type, string? NodeId, DateTimeOffset At, JsonNode? Data)
{
    public static EventMessage From(InstanceEvent e) => new(e.Sequence, e.Type, e.NodeId, e.At, e.Data);
}
