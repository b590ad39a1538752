using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>Checks of each edge of a graph: its id, that both ends are nodes of the same graph, that its port exists.</summary>
internal static class EdgeChecks
{
    public static void Check(string graphPath, GraphIndex graph, ValidationContext context)
    {
        var edgesPath = JsonPath.Property(graphPath, "edges");
        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var path = JsonPath.Index(edgesPath, i);
            if (graph.Edges[i] is not { } edge)
            {
                context.Report(ValidationCodes.InvalidEdgeId, "An edge is null.", path);
                continue;
            }
            var nodeId = graph.TryIndexOf(edge.Source, out _) ? edge.Source
                : graph.TryIndexOf(edge.Target, out _) ? edge.Target
                : null;
            CheckId(edge, path, nodeId, context);
            CheckEnd(edge, edge.Source, "source", graphPath, graph, path, nodeId, context);
            CheckEnd(edge, edge.Target, "target", graphPath, graph, path, nodeId, context);
            if (graph.TryIndexOf(edge.Source, out var source)) CheckPort(edge, graph.Nodes[source]!, path, context);
        }
    }

    private static void CheckId(EdgeDefinition edge, string path, string? nodeId, ValidationContext context)
    {
        var idPath = JsonPath.Property(path, "id");
        if (string.IsNullOrWhiteSpace(edge.Id))
            context.Report(ValidationCodes.InvalidEdgeId, $"The edge from '{edge.Source}' to '{edge.Target}' has no id.", idPath, nodeId);
        else if (!context.EdgeIds.Add(edge.Id))
            context.Report(ValidationCodes.DuplicateEdgeId, $"Edge id '{edge.Id}' is used more than once in the workflow.", idPath, nodeId, edge.Id);
    }

    private static void CheckEnd(EdgeDefinition edge, string? end, string field, string graphPath, GraphIndex graph, string path, string? nodeId, ValidationContext context)
    {
        if (graph.TryIndexOf(end, out _)) return;
        var name = Name(edge);
        string message;
        if (string.IsNullOrEmpty(end))
            message = $"{name} has no {field}.";
        else if (context.GraphOfNode.TryGetValue(end, out var otherGraph))
            message = $"{name} has {field} '{end}', a node of another graph ({GraphName(otherGraph)}, not {GraphName(graphPath)}); edges connect nodes of the same graph.";
        else
            message = $"{name} has {field} '{end}', which is not a node.";
        context.Report(ValidationCodes.DanglingEdge, message, JsonPath.Property(path, field), nodeId, NullIfEmpty(edge.Id));
    }

    private static void CheckPort(EdgeDefinition edge, NodeDefinition source, string path, ValidationContext context)
    {
        // A node of unknown type has no known ports; its type is reported already.
        if (!context.Registry.TryGet(source.Type ?? "", out _)) return;
        var portPath = JsonPath.Property(path, "sourcePort");
        IReadOnlyList<string> ports;
        try
        {
            ports = context.Registry.PortsOf(source);
        }
        catch (Exception ex)
        {
            // A port provider that chokes on a half-configured node must not take validation down with it.
            context.Report(ValidationCodes.UnknownPort, $"The ports of node '{source.Id}' could not be computed: {ex.Message}", portPath, source.Id, NullIfEmpty(edge.Id));
            return;
        }

        var routesErrors = source.OnError == OnErrorBehavior.Route;
        var port = edge.SourcePort;
        if (port is not null && (ports.Contains(port) || (routesErrors && port == Ports.Error))) return;

        IReadOnlyList<string> available = routesErrors ? [.. ports, Ports.Error] : ports;
        var message = port is null
            ? $"{Name(edge)} has no source port; node '{source.Id}' has {List(available)}."
            : $"{Name(edge)} leaves from port '{port}', but node '{source.Id}' ({source.Type}) has {List(available)}.";
        if (port == Ports.Error) message += " The error port exists only when the node's onError is 'route'.";
        context.Report(ValidationCodes.UnknownPort, message, portPath, source.Id, NullIfEmpty(edge.Id));
    }

    private static string Name(EdgeDefinition edge) =>
        string.IsNullOrWhiteSpace(edge.Id) ? $"The edge from '{edge.Source}' to '{edge.Target}'" : $"Edge '{edge.Id}'";

    private static string GraphName(string graphPath) => graphPath == JsonPath.Root ? "the top level" : graphPath;

    private static string List(IReadOnlyList<string> ports) =>
        ports.Count == 0 ? "no ports" : "the ports " + string.Join(", ", ports.Select(p => $"'{p}'"));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
