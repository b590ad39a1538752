namespace Weft.Engine.Model;

/// <summary>
/// The ids one workflow builder has handed out, shared by its graph builders: node ids are unique
/// across the whole workflow (bodies included), and so are edge ids.
/// </summary>
internal sealed class BuilderIds
{
    private readonly HashSet<string> _nodeIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _explicitEdgeIds = new(StringComparer.Ordinal);

    public void ClaimNodeId(string id)
    {
        if (!_nodeIds.Add(id))
            throw new InvalidOperationException($"Node id '{id}' is used twice; node ids must be unique across the workflow, container bodies included.");
    }

    public void ClaimEdgeId(string id)
    {
        if (!_explicitEdgeIds.Add(id))
            throw new InvalidOperationException($"Edge id '{id}' is used twice; edge ids must be unique across the workflow.");
    }

    /// <summary>A fresh generator of <c>e1</c>, <c>e2</c> … that skips the ids given explicitly.</summary>
    public EdgeIdGenerator NewEdgeIdGenerator() => new(_explicitEdgeIds);
}

/// <summary>Generates edge ids for one <c>Build()</c>, so repeated builds give the same ids.</summary>
internal sealed class EdgeIdGenerator(IReadOnlySet<string> taken)
{
    private int _next = 1;

    public string Next()
    {
        string id;
        do id = $"e{_next++}";
        while (taken.Contains(id));
        return id;
    }
}
