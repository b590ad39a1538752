using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>Checks of a node's identity and shape: its id, its activity type, whether it may hold a body.</summary>
internal static class NodeChecks
{
    public static void CheckId(NodeDefinition node, string path, ValidationContext context)
    {
        var id = node.Id ?? "";
        var idPath = JsonPath.Property(path, "id");
        if (id.Length == 0)
            context.Report(ValidationCodes.InvalidNodeId, "A node has no id.", idPath);
        else if (!Identifiers.IsValidNodeId(id))
            context.Report(ValidationCodes.InvalidNodeId, $"Node id '{id}' may only contain letters, digits, '-' and '_'.", idPath, id);

        // Reported at the second occurrence, so the first one (in document order) stays the "real" node.
        if (id.Length > 0 && !context.NodeIds.Add(id))
            context.Report(ValidationCodes.DuplicateNodeId, $"Node id '{id}' is used more than once in the workflow; ids must be unique, container bodies included.", idPath, id);
    }

    /// <summary>Reports an unknown type; returns the activity's registration when the type is known.</summary>
    public static ActivityRegistration? CheckType(NodeDefinition node, string path, ValidationContext context)
    {
        var typePath = JsonPath.Property(path, "type");
        if (string.IsNullOrWhiteSpace(node.Type))
        {
            context.Report(ValidationCodes.UnknownActivityType, $"Node '{node.Id}' has no activity type.", typePath, node.Id);
            return null;
        }
        if (context.Registry.TryGet(node.Type, out var registration)) return registration;
        context.Report(ValidationCodes.UnknownActivityType, $"Node '{node.Id}' has the unknown activity type '{node.Type}'.", typePath, node.Id);
        return null;
    }

    /// <summary>
    /// Only containers hold a body. A container without one is fine: its body is empty. A node of
    /// unknown type is not judged here (its type is reported already).
    /// </summary>
    public static void CheckBody(NodeDefinition node, ActivityDescriptor? descriptor, string path, ValidationContext context)
    {
        if (node.Body is not null && descriptor is { IsContainer: false })
        {
            context.Report(ValidationCodes.BodyOnNonContainer,
                $"Node '{node.Id}' has a body, but '{descriptor.Type}' is not a container activity; remove the body or use a container such as flow.foreach.",
                JsonPath.Property(path, "body"), node.Id);
        }
    }
}
