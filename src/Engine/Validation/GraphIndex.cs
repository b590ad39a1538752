using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>
/// One graph (the top level or a container body) as indexes: node positions by id and the edges
/// whose both ends are nodes of the graph. Dangling edges are left out: they are reported on their own.
/// </summary>
internal sealed class GraphIndex
{
    public GraphIndex(IReadOnlyList<NodeDefinition?> nodes, IReadOnlyList<EdgeDefinition?> edges)
    {
        Nodes = nodes;
        Edges = edges;
        for (var i = 0; i < nodes.Count; i++)
        {
            // The first node with an id wins; later duplicates are reported as DuplicateNodeId.
            if (nodes[i]?.Id is { Length: > 0 } id) _indexOf.TryAdd(id, i);
        }

        Outgoing = new List<Link>[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) Outgoing[i] = [];
        IncomingCount = new int[nodes.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            if (edges[e] is not { } edge || !TryIndexOf(edge.Source, out var source) || !TryIndexOf(edge.Target, out var target)) continue;
            Outgoing[source].Add(new Link(target, e));
            IncomingCount[target]++;
        }
    }

    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeDefinition?> Nodes { get; }
    public IReadOnlyList<EdgeDefinition?> Edges { get; }

    /// <summary>Per node position: the edges leaving it, in document order.</summary>
    public List<Link>[] Outgoing { get; }

    /// <summary>Per node position: how many edges of the graph arrive at it.</summary>
    public int[] IncomingCount { get; }

    public bool TryIndexOf(string? id, out int index)
    {
        index = -1;
        return id is not null && _indexOf.TryGetValue(id, out index);
    }

    /// <summary>The node at <paramref name="index"/> when it is the node its id resolves to (not a null entry, not a later duplicate).</summary>
    public bool IsResolvable(int index) => Nodes[index]?.Id is { Length: > 0 } id && _indexOf[id] == index;

    /// <param name="Target">Position of the node the edge arrives at.</param>
    /// <param name="Edge">Position of the edge in the graph's edge list.</param>
    public readonly record struct Link(int Target, int Edge);
}
