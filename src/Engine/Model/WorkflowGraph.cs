namespace Weft.Engine.Model;

/// <summary>Nodes and edges of a container body.</summary>
public sealed class WorkflowGraph
{
    public List<NodeDefinition> Nodes { get; set; } = [];
    public List<EdgeDefinition> Edges { get; set; } = [];
}
