using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// Continues a faulted instance: failed nodes go back to Pending with a fresh attempt count; every
/// completed node, variable and container progress stays as it was.
/// </summary>
internal static class RetryFromFailure
{
    public static void Apply(InstanceRecord record, DateTimeOffset now)
    {
        foreach (var scope in record.State.Scopes.Values)
        {
            foreach (var node in scope.Nodes.Values)
            {
                if (node.Status != NodeStatus.Failed) continue;
                node.Status = NodeStatus.Pending;
                node.Attempt = 0;
                node.Error = null;
            }
        }
        record.Status = InstanceStatus.Running;
        record.CompletedAt = null;
        record.UpdatedAt = now;
        record.State.Error = null;
    }
}
