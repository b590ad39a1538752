using Weft.Engine.Activities;
using Weft.Engine.Expressions;
using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>
/// Checks a definition before it is published (DESIGN.md §3) and reports every problem, not just
/// the first, each with a JSON path Studio can highlight and the node (or edge) it is about.
/// </summary>
/// <remarks>
/// Errors come in document order: the workflow's id, inputs, variables and options; then each
/// node — id, type, inputs, policies, body, and the body's own graph in place — then the graph's
/// edges, then the graph's shape (cycles, unreachable nodes). Container bodies are separate graphs:
/// their edges stay inside, and their start nodes are their own.
/// <para>
/// <see cref="ValidationCodes.UnknownInput"/> is an error, not a warning: the input binder ignores
/// names it does not know, so a misspelt input silently runs with the default — exactly the kind of
/// mistake validation is for, and removing a stray input is always safe. Activities written
/// directly on <see cref="IActivity"/> (no declared inputs class) are exempt.
/// </para>
/// </remarks>
public sealed class WorkflowValidator(ActivityRegistry registry, ExpressionEngine expressions)
{
    public ValidationResult Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var context = new ValidationContext(registry, expressions);
        IndexNodes(JsonPath.Root, definition.Nodes ?? [], context);
        DefinitionChecks.Check(definition, context);
        ValidateGraph(JsonPath.Root, definition.Nodes ?? [], definition.Edges ?? [], context);
        return new ValidationResult(context.Errors);
    }

    private static void ValidateGraph(string graphPath, List<NodeDefinition> nodes, List<EdgeDefinition> edges, ValidationContext context)
    {
        var nodesPath = JsonPath.Property(graphPath, "nodes");
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = JsonPath.Index(nodesPath, i);
            if (nodes[i] is not { } node)
            {
                context.Report(ValidationCodes.InvalidNodeId, "A node is null.", path);
                continue;
            }
            NodeChecks.CheckId(node, path, context);
            var registration = NodeChecks.CheckType(node, path, context);
            NodeInputChecks.Check(node, registration, path, context);
            PolicyChecks.Check(node, path, context);
            NodeChecks.CheckBody(node, registration?.Descriptor, path, context);
            if (node.Body is { } body)
                ValidateGraph(JsonPath.Property(path, "body"), body.Nodes ?? [], body.Edges ?? [], context);
        }

        var graph = new GraphIndex(nodes, edges);
        EdgeChecks.Check(graphPath, graph, context);
        GraphChecks.Check(graphPath, graph, context);
    }

    /// <summary>Notes which graph holds each node id before any check runs, so an edge into another graph can say where its end is.</summary>
    private static void IndexNodes(string graphPath, List<NodeDefinition> nodes, ValidationContext context)
    {
        var nodesPath = JsonPath.Property(graphPath, "nodes");
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not { } node) continue;
            if (!string.IsNullOrEmpty(node.Id)) context.GraphOfNode.TryAdd(node.Id, graphPath);
            if (node.Body is { } body) IndexNodes(JsonPath.Property(JsonPath.Index(nodesPath, i), "body"), body.Nodes ?? [], context);
        }
    }
}
