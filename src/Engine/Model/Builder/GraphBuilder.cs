namespace Weft.Engine.Model;

/// <summary>
/// Nodes and edges of one graph: the workflow's top level (through <see cref="WorkflowBuilder"/>) or a
/// container's body (through <see cref="NodeBuilder.Body"/>).
/// </summary>
public sealed class GraphBuilder
{
    private readonly BuilderIds _ids;
    private readonly List<NodeBuilder> _nodes = [];
    private readonly List<PendingEdge> _edges = [];

    internal GraphBuilder(BuilderIds ids) => _ids = ids;

    /// <summary>Adds a node; <paramref name="configure"/> sets its inputs and policies.</summary>
    /// <exception cref="InvalidOperationException">The id is already used in the workflow.</exception>
    public GraphBuilder Node(string id, string type, Action<NodeBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        _ids.ClaimNodeId(id);
        var node = new NodeBuilder(id, type, _ids);
        configure?.Invoke(node);
        _nodes.Add(node);
        return this;
    }

    /// <summary>
    /// Connects <paramref name="port"/> of <paramref name="source"/> to <paramref name="target"/>.
    /// Nodes may be added before or after their edges; the validator reports edges to nowhere.
    /// </summary>
    /// <param name="port">The source node's port; default <c>done</c>.</param>
    /// <param name="id">The edge id; default generated at build time: <c>e1</c>, <c>e2</c> … in the order edges were added (top level first, then bodies).</param>
    public GraphBuilder Edge(string source, string target, string port = Ports.Done, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(port);
        if (id is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id);
            _ids.ClaimEdgeId(id);
        }
        _edges.Add(new PendingEdge(id, source, port, target));
        return this;
    }

    /// <summary>Chains nodes on their <c>done</c> ports: <c>Sequence("a", "b", "c")</c> adds a → b and b → c.</summary>
    public GraphBuilder Sequence(params string[] nodeIds)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        if (nodeIds.Length < 2) throw new ArgumentException("A sequence needs at least two nodes.", nameof(nodeIds));
        for (var i = 1; i < nodeIds.Length; i++) Edge(nodeIds[i - 1], nodeIds[i]);
        return this;
    }

    internal (List<NodeDefinition> Nodes, List<EdgeDefinition> Edges) Build(EdgeIdGenerator edgeIds)
    {
        // This graph's edges take their ids before the bodies' edges do: the top level reads e1, e2 …
        var edges = _edges
            .Select(e => new EdgeDefinition { Id = e.Id ?? edgeIds.Next(), Source = e.Source, SourcePort = e.Port, Target = e.Target })
            .ToList();
        var nodes = _nodes.Select(n => n.Build(edgeIds)).ToList();
        return (nodes, edges);
    }

    private sealed record PendingEdge(string? Id, string Source, string Port, string Target);
}
