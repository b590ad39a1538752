using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>The in-memory view of one claimed instance: its record, definition and the scope graph look-ups.</summary>
internal sealed class InstanceRunContext
{
    public InstanceRunContext(InstanceRecord record, LoadedDefinition definition, IExpressionObject secrets)
    {
        Record = record;
        Definition = definition;
        Secrets = secrets;
        InstanceInfo = new JsonObject
        {
            ["id"] = record.Id,
            ["definitionId"] = record.DefinitionId,
            ["definitionVersion"] = record.DefinitionVersion,
            ["createdAt"] = record.CreatedAt,
            ["parentInstanceId"] = record.ParentInstanceId,
        };
    }

    public InstanceRecord Record { get; }
    public InstanceState State => Record.State;
    public LoadedDefinition Definition { get; }
    public JsonObject InstanceInfo { get; }
    public IExpressionObject Secrets { get; }

    /// <summary>The graph that scope <paramref name="scopeKey"/> runs: the top level, or its container's body.</summary>
    public FlowGraph GraphOf(string scopeKey)
    {
        if (scopeKey.Length == 0) return Definition.Graph;
        var scope = State.Scopes[scopeKey];
        return GraphOf(scope.Parent ?? "").Body(scope.Container!);
    }

    public bool IsBodyNode(string nodeId) => FindNode(Definition.Graph, nodeId);

    private static bool FindNode(FlowGraph graph, string nodeId)
    {
        foreach (var node in graph.Nodes)
        {
            if (node.Id == nodeId) return true;
            if (node.Body is not null && FindNode(graph.Body(node.Id), nodeId)) return true;
        }
        return false;
    }

    public static string IterationScopeKey(string parentScope, string containerId, int index) =>
        parentScope.Length == 0 ? $"{containerId}#{index}" : $"{parentScope}/{containerId}#{index}";
}
