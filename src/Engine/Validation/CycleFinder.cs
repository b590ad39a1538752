namespace Weft.Engine.Validation;

/// <summary>Finds the cycles of a graph: Tarjan's strongly connected components, iteratively (no recursion depth limit on long chains).</summary>
internal static class CycleFinder
{
    /// <summary>The components with more than one node or a self-loop, each sorted by document order, ordered by their first node.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> StronglyConnectedComponents(GraphIndex graph)
    {
        var count = graph.Nodes.Count;
        var index = new int[count];
        Array.Fill(index, -1);
        var low = new int[count];
        var onStack = new bool[count];
        var stack = new Stack<int>();
        var next = 0;
        var components = new List<IReadOnlyList<int>>();

        for (var root = 0; root < count; root++)
        {
            if (index[root] != -1) continue;
            var calls = new Stack<(int Node, int NextLink)>();
            Visit(root);
            calls.Push((root, 0));
            while (calls.Count > 0)
            {
                var (node, linkAt) = calls.Pop();
                var links = graph.Outgoing[node];
                if (linkAt < links.Count)
                {
                    calls.Push((node, linkAt + 1));
                    var target = links[linkAt].Target;
                    if (index[target] == -1)
                    {
                        Visit(target);
                        calls.Push((target, 0));
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }
                    continue;
                }

                if (low[node] == index[node]) PopComponent(node);
                if (calls.Count > 0)
                {
                    var parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }

        return [.. components.OrderBy(c => c[0])];

        void Visit(int node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack[node] = true;
        }

        void PopComponent(int root)
        {
            var members = new List<int>();
            int member;
            do
            {
                member = stack.Pop();
                onStack[member] = false;
                members.Add(member);
            }
            while (member != root);
            var isCycle = members.Count > 1 || graph.Outgoing[root].Any(link => link.Target == root);
            if (isCycle)
            {
                members.Sort();
                components.Add(members);
            }
        }
    }

    /// <summary>
    /// The shortest cycle through the component's first node, as the links taken from it, the last
    /// returning to it; null if there is none (cannot happen for a component from <see cref="StronglyConnectedComponents"/>).
    /// </summary>
    public static IReadOnlyList<GraphIndex.Link>? ShortestCycleThrough(IReadOnlyList<int> component, GraphIndex graph)
    {
        var start = component[0];
        var inComponent = component.ToHashSet();
        var cameBy = new Dictionary<int, (int From, GraphIndex.Link Link)>();
        var queue = new Queue<int>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var link in graph.Outgoing[node])
            {
                if (link.Target == start) return PathTo(node, link);
                if (!inComponent.Contains(link.Target) || cameBy.ContainsKey(link.Target)) continue;
                cameBy[link.Target] = (node, link);
                queue.Enqueue(link.Target);
            }
        }
        return null;

        List<GraphIndex.Link> PathTo(int last, GraphIndex.Link closing)
        {
            var links = new List<GraphIndex.Link> { closing };
            for (var node = last; node != start; node = cameBy[node].From) links.Add(cameBy[node].Link);
            links.Reverse();
            return links;
        }
    }
}
