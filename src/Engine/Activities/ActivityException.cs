using System.Text.Json.Nodes;

namespace Weft.Engine.Activities;

/// <summary>
/// A failure with a type that retry policies match (<c>nonRetryable</c>) and a message for people.
/// Any other exception fails the attempt with its CLR type name as the error type.
/// </summary>
public class ActivityException : Exception
{
    public ActivityException(string errorType, string message, bool retryable = true, JsonNode? details = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorType = errorType;
        Retryable = retryable;
        Details = details;
    }

    public ActivityException() : this(ErrorTypes.ActivityFailed, "The activity failed.") { }

    public ActivityException(string message) : this(ErrorTypes.ActivityFailed, message) { }

    public ActivityException(string message, Exception inner) : this(ErrorTypes.ActivityFailed, message, true, null, inner) { }

    public string ErrorType { get; }

    /// <summary>False when retrying cannot help (bad input); such failures skip the retry policy.</summary>
    public bool Retryable { get; }

    public JsonNode? Details { get; }

    public static ActivityException Validation(string message, JsonNode? details = null) =>
        new(ErrorTypes.Validation, message, retryable: false, details);
}

/// <summary>Error types the engine itself produces.</summary>
public static class ErrorTypes
{
    public const string Validation = "ValidationError";
    public const string Timeout = "Timeout";
    public const string HeartbeatTimeout = "HeartbeatTimeout";
    public const string Expression = "ExpressionError";
    public const string ActivityFailed = "ActivityFailed";
    public const string Cancelled = "Cancelled";
    public const string LimitExceeded = "LimitExceeded";
    public const string ChildFailed = "ChildWorkflowFailed";
    public const string Script = "ScriptError";
}
