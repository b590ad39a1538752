using Weft.Engine.Model;

namespace Weft.Engine.Runtime;

/// <summary>
/// A graph (the top level or a container body) indexed for token flow: nodes by id, incoming and
/// outgoing edges, sinks. Built once per definition version and shared by every instance.
/// </summary>
internal sealed class FlowGraph
{
    private static readonly IReadOnlyList<EdgeDefinition> NoEdges = [];

    private readonly Dictionary<string, List<EdgeDefinition>> _incoming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowGraph> _bodies = new(StringComparer.Ordinal);

    public FlowGraph(IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<EdgeDefinition> edges)
    {
        Nodes = nodes;
        NodesById = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var hasOutgoing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            if (!NodesById.ContainsKey(edge.Source) || !NodesById.ContainsKey(edge.Target)) continue; // validation reports these
            hasOutgoing.Add(edge.Source);
            if (!_incoming.TryGetValue(edge.Target, out var list)) _incoming[edge.Target] = list = [];
            list.Add(edge);
        }
        Sinks = nodes.Where(n => !hasOutgoing.Contains(n.Id)).Select(n => n.Id).ToArray();
        foreach (var node in nodes)
        {
            if (node.Body is { } body) _bodies[node.Id] = new FlowGraph(body.Nodes, body.Edges);
        }
    }

    public IReadOnlyList<NodeDefinition> Nodes { get; }
    public IReadOnlyDictionary<string, NodeDefinition> NodesById { get; }

    /// <summary>Nodes with no outgoing edge: their outputs are the graph's result.</summary>
    public IReadOnlyList<string> Sinks { get; }

    public IReadOnlyList<EdgeDefinition> Incoming(string nodeId) =>
        _incoming.TryGetValue(nodeId, out var list) ? list : NoEdges;

    /// <summary>The body of container <paramref name="nodeId"/> (empty when it has none).</summary>
    public FlowGraph Body(string nodeId) =>
        _bodies.TryGetValue(nodeId, out var body) ? body : Empty;

    public static readonly FlowGraph Empty = new([], []);
}
