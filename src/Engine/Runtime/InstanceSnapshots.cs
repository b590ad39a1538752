using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>Builds the query answer (status, current nodes, variables, outputs, progress) from a stored instance.</summary>
internal static class InstanceSnapshots
{
    public static InstanceSnapshot From(InstanceRecord record, FlowGraph? graph)
    {
        var state = record.State;
        var current = new List<CurrentNode>();
        foreach (var (key, scope) in state.Scopes)
        {
            foreach (var (id, node) in scope.Nodes)
            {
                if (node.Status is NodeStatus.Completed or NodeStatus.Skipped or NodeStatus.Pending) continue;
                current.Add(new CurrentNode(id, key, node.Status, node.Attempt, WaitingFor(node), node.RetryAt ?? node.Bookmark?.DueAt));
            }
        }
        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var root = state.Scopes.GetValueOrDefault("") ?? new ScopeState();
        foreach (var (id, node) in root.Nodes)
        {
            if (node.Status == NodeStatus.Completed) outputs[id] = node.Output?.DeepClone();
        }
        var total = graph?.Nodes.Count ?? root.Nodes.Count;
        var finished = root.Nodes.Values.Count(n => n.Status is NodeStatus.Completed or NodeStatus.Skipped);
        return new InstanceSnapshot(
            record.Id, record.DefinitionId, record.DefinitionVersion, record.Status,
            record.CreatedAt, record.UpdatedAt, record.CompletedAt,
            (JsonObject)state.Input.DeepClone(), (JsonObject)state.Variables.DeepClone(),
            state.Output?.DeepClone(), state.Error, current, outputs,
            new InstanceProgress(finished, total));
    }

    private static string? WaitingFor(NodeState node) => node.Status switch
    {
        NodeStatus.Waiting => "retry",
        NodeStatus.Suspended => node.Bookmark?.Kind switch
        {
            BookmarkKind.Signal => "signal:" + node.Bookmark.Name,
            BookmarkKind.Timer => "timer",
            BookmarkKind.Child => "child:" + node.Bookmark.Name,
            _ => null,
        },
        NodeStatus.Iterating => $"iteration {node.Container?.Index}",
        _ => null,
    };
}
