namespace Weft.Engine.Activities.Core;

internal static class UnexpectedResume
{
    /// <summary>A resumption the activity never asked for: a runtime bug, so the node fails instead of guessing.</summary>
    public static ActivityException For(ActivityContext context, BookmarkResumption resumption) =>
        new(ErrorTypes.ActivityFailed,
            $"Node '{context.NodeId}' ({context.Node.Type}) cannot resume for reason '{resumption.Reason}'.", retryable: false);
}
