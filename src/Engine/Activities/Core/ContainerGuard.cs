using Weft.Engine.Runtime;

namespace Weft.Engine.Activities.Core;

internal static class ContainerGuard
{
    /// <summary>The container progress the runtime must provide to a container activity.</summary>
    public static ContainerProgress Require(ActivityContext context) =>
        context.Container ?? throw new ActivityException(ErrorTypes.ActivityFailed,
            $"Node '{context.NodeId}' ({context.Node.Type}) is a container but was run without container progress.", retryable: false);
}
