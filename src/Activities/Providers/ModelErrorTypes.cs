namespace Weft.Activities.Providers;

/// <summary>Error types of model calls, for retry policies' <c>nonRetryable</c> and for <c>onError: route</c> handlers.</summary>
public static class ModelErrorTypes
{
    /// <summary>The alias is not configured (or incompletely). Never retryable: the message says what to set.</summary>
    public const string NotConfigured = "ModelNotConfigured";

    /// <summary>Rate limited (429), server error (5xx), timeout or unreachable endpoint. Retryable: the node's retry policy applies.</summary>
    public const string Unavailable = "ModelUnavailable";

    /// <summary>The provider refused the request (400, 401, 403, 404, 422…). Not retryable: the message is the provider's.</summary>
    public const string Rejected = "ModelRequestRejected";

    /// <summary>Structured output that still breaks its schema after the repair round. Not retryable.</summary>
    public const string InvalidOutput = "InvalidModelOutput";
}
