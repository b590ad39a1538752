using System.Text.Json.Nodes;

namespace Weft.Engine.Model;

/// <summary>A named input of a workflow. <see cref="Type"/> is one of <see cref="ValueTypes"/>.</summary>
public sealed class WorkflowInput
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = ValueTypes.Any;
    public bool Required { get; set; }
    public JsonNode? Default { get; set; }
    public string? Description { get; set; }
}
