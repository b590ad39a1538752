using System.Text.Json.Serialization;

namespace Weft.Engine.Model;

/// <summary>
/// A workflow as data: the JSON document Studio edits and the engine runs (DESIGN.md §3).
/// Saving creates a new version; running instances stay on the version they started with.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>Stable identifier, e.g. <c>document-ingestion</c>. Letters, digits, '-', '_' and '.'.</summary>
    public string Id { get; set; } = "";

    /// <summary>Version number assigned by the store on save (1, 2, …); 0 for a definition never saved.</summary>
    public int Version { get; set; }

    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Named inputs the caller passes at start; checked before the instance is created.</summary>
    public List<WorkflowInput> Inputs { get; set; } = [];

    /// <summary>Instance variables with their initial values; read as <c>vars.name</c>, written by <c>vars.set</c>.</summary>
    public List<WorkflowVariable> Variables { get; set; } = [];

    public WorkflowOptions Options { get; set; } = new();

    public List<NodeDefinition> Nodes { get; set; } = [];
    public List<EdgeDefinition> Edges { get; set; } = [];

    [JsonIgnore]
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name!;
}
