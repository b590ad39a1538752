using Weft.Engine.Model;

namespace Weft.Engine.Runtime;

/// <summary>
/// Token flow with dead-path elimination (DESIGN.md §4), as pure functions over a scope's node states.
/// An edge is active when its source completed on the edge's port, dead when the source completed on
/// another port or was skipped, unresolved otherwise. A node runs once all incoming edges are resolved
/// and one is active (<c>join: any</c>: on the first active edge); when all are dead it is skipped,
/// which resolves its own outgoing edges as dead — so a join after an if/switch runs exactly once.
/// </summary>
internal static class TokenFlow
{
    /// <summary>
    /// Marks newly dead nodes Skipped (adding them to <paramref name="skipped"/>) and lists the nodes
    /// that may start now in <paramref name="ready"/>, in document order.
    /// </summary>
    public static void Advance(FlowGraph graph, ScopeState scope, List<string> ready, List<string> skipped)
    {
        bool changed;
        do
        {
            changed = false;
            ready.Clear();
            foreach (var node in graph.Nodes)
            {
                if (scope.Nodes.TryGetValue(node.Id, out var state) && state.Status != NodeStatus.Pending) continue;
                switch (Readiness(graph, scope, node))
                {
                    case EdgeVerdict.Run:
                        ready.Add(node.Id);
                        break;
                    case EdgeVerdict.Skip:
                        scope.Nodes[node.Id] = new NodeState { Status = NodeStatus.Skipped };
                        skipped.Add(node.Id);
                        changed = true;
                        break;
                }
            }
        }
        while (changed);
    }

    /// <summary>True when every node of the graph is Completed or Skipped.</summary>
    public static bool IsComplete(FlowGraph graph, ScopeState scope)
    {
        foreach (var node in graph.Nodes)
        {
            if (!scope.Nodes.TryGetValue(node.Id, out var state)) return false;
            if (state.Status is not (NodeStatus.Completed or NodeStatus.Skipped)) return false;
        }
        return true;
    }

    private enum EdgeVerdict { Wait, Run, Skip }

    private static EdgeVerdict Readiness(FlowGraph graph, ScopeState scope, NodeDefinition node)
    {
        var incoming = graph.Incoming(node.Id);
        if (incoming.Count == 0) return EdgeVerdict.Run;
        var unresolved = 0;
        var active = 0;
        foreach (var edge in incoming)
        {
            if (!scope.Nodes.TryGetValue(edge.Source, out var source)) { unresolved++; continue; }
            switch (source.Status)
            {
                case NodeStatus.Completed when string.Equals(source.Port, edge.SourcePort, StringComparison.Ordinal):
                    active++;
                    break;
                case NodeStatus.Completed or NodeStatus.Skipped:
                    break;
                default:
                    unresolved++;
                    break;
            }
        }
        if (node.Join == JoinMode.Any && active > 0) return EdgeVerdict.Run;
        if (unresolved > 0) return EdgeVerdict.Wait;
        return active > 0 ? EdgeVerdict.Run : EdgeVerdict.Skip;
    }
}
