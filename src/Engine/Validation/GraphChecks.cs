namespace Weft.Engine.Validation;

/// <summary>
/// Checks of a graph's shape: it must be acyclic (loops are containers), and every node must be
/// reachable from a start node — a node without incoming edges. A graph may have several start nodes.
/// </summary>
internal static class GraphChecks
{
    public static void Check(string graphPath, GraphIndex graph, ValidationContext context)
    {
        var nodesPath = JsonPath.Property(graphPath, "nodes");
        var inCycle = new bool[graph.Nodes.Count];
        var hasStart = Enumerable.Range(0, graph.Nodes.Count).Any(i => graph.IsResolvable(i) && graph.IncomingCount[i] == 0);

        foreach (var component in CycleFinder.StronglyConnectedComponents(graph))
        {
            var cycle = CycleFinder.ShortestCycleThrough(component, graph);
            if (cycle is null) continue;
            foreach (var i in component) inCycle[i] = true;
            ReportCycle(cycle, nodesPath, graph, hasStart, context);
        }

        var reachable = ReachableFromStarts(graph);
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            // A node in a cycle is reported as part of it; saying it is also unreachable adds noise, not information.
            if (reachable[i] || inCycle[i] || !graph.IsResolvable(i)) continue;
            var id = graph.Nodes[i]!.Id;
            context.Report(ValidationCodes.UnreachableNode,
                $"Node '{id}' can never run: every path to it starts in a cycle, so no start node (a node without incoming edges) reaches it.",
                JsonPath.Index(nodesPath, i), id);
        }
    }

    private static void ReportCycle(IReadOnlyList<GraphIndex.Link> cycle, string nodesPath, GraphIndex graph, bool hasStart, ValidationContext context)
    {
        // cycle[k].Target is the k-th node after the first; the last link returns to the first node.
        var first = cycle[^1].Target;
        var ids = new List<string> { graph.Nodes[first]!.Id };
        ids.AddRange(cycle.Select(link => graph.Nodes[link.Target]!.Id));
        var message = $"Nodes form a cycle: {string.Join(" → ", ids)}. A workflow graph must be acyclic; repeat steps with a container such as flow.while or flow.foreach.";
        if (!hasStart) message += " The graph has no start node: every node has an incoming edge.";
        var closingEdge = graph.Edges[cycle[^1].Edge]!.Id;
        context.Report(ValidationCodes.Cycle, message, JsonPath.Index(nodesPath, first), graph.Nodes[first]!.Id,
            string.IsNullOrWhiteSpace(closingEdge) ? null : closingEdge);
    }

    private static bool[] ReachableFromStarts(GraphIndex graph)
    {
        var reachable = new bool[graph.Nodes.Count];
        var queue = new Queue<int>();
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            if (graph.IsResolvable(i) && graph.IncomingCount[i] == 0)
            {
                reachable[i] = true;
                queue.Enqueue(i);
            }
        }
        while (queue.TryDequeue(out var node))
        {
            foreach (var link in graph.Outgoing[node])
            {
                if (reachable[link.Target]) continue;
                reachable[link.Target] = true;
                queue.Enqueue(link.Target);
            }
        }
        return reachable;
    }
}
