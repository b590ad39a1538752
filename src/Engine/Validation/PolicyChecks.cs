using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>Checks of a node's retry policy and time limits.</summary>
internal static class PolicyChecks
{
    public static void Check(NodeDefinition node, string path, ValidationContext context)
    {
        if (node.Retry is { } retry) CheckRetry(retry, node.Id, JsonPath.Property(path, "retry"), context);
        CheckTimeout(node.Timeout, "timeout", node.Id, path, context);
        CheckTimeout(node.HeartbeatTimeout, "heartbeatTimeout", node.Id, path, context);
    }

    private static void CheckRetry(RetryPolicy retry, string nodeId, string path, ValidationContext context)
    {
        if (retry.MaxAttempts < 1)
            Report($"Node '{nodeId}': maxAttempts must be at least 1 (was {retry.MaxAttempts}); it counts the first attempt.", "maxAttempts");
        if (retry.InitialInterval < TimeSpan.Zero)
            Report($"Node '{nodeId}': initialInterval must not be negative (was {retry.InitialInterval}).", "initialInterval");
        // Written as a negated >= so that NaN is refused too.
        if (!(retry.Backoff >= 1))
            Report($"Node '{nodeId}': backoff must be at least 1 (was {retry.Backoff}); delays may grow or stay, never shrink.", "backoff");
        if (retry.MaxInterval < TimeSpan.Zero)
            Report($"Node '{nodeId}': maxInterval must not be negative (was {retry.MaxInterval}).", "maxInterval");

        void Report(string message, string field) =>
            context.Report(ValidationCodes.InvalidRetryPolicy, message, JsonPath.Property(path, field), nodeId);
    }

    private static void CheckTimeout(TimeSpan? value, string field, string nodeId, string path, ValidationContext context)
    {
        if (value is { } timeout && timeout <= TimeSpan.Zero)
        {
            context.Report(ValidationCodes.InvalidTimeout,
                $"Node '{nodeId}': {field} must be positive (was {timeout}); leave it out for no limit.",
                JsonPath.Property(path, field), nodeId);
        }
    }
}
