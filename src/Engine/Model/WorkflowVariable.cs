using System.Text.Json.Nodes;

namespace Weft.Engine.Model;

/// <summary>An instance variable and its initial value (null when no default is given).</summary>
public sealed class WorkflowVariable
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = ValueTypes.Any;
    public JsonNode? Default { get; set; }
}
