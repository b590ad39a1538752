namespace Weft.Engine.Activities.Http;

/// <summary>Error types the HTTP activities fail with; retry policies can name them in <c>nonRetryable</c>.</summary>
public static class HttpErrorTypes
{
    /// <summary>A non-2xx answer. Retryable for 408, 429 and 5xx; other statuses are not. Details: <c>{status, body}</c> (an excerpt).</summary>
    public const string HttpError = "HttpError";

    /// <summary>No answer: the connection failed, or the request's <c>timeout</c> passed. Retryable.</summary>
    public const string ConnectionFailed = "HttpConnectionFailed";

    /// <summary>The host is not in <see cref="HttpActivityOptions.AllowedHostsSetting"/>. Not retryable.</summary>
    public const string HostNotAllowed = "HttpHostNotAllowed";

    /// <summary>The response body is larger than <see cref="HttpActivityOptions.MaxResponseBytes"/>. Not retryable.</summary>
    public const string ResponseTooLarge = "HttpResponseTooLarge";

    /// <summary>The body is not what <c>responseType</c> asked for (e.g. invalid JSON for <c>json</c>). Not retryable.</summary>
    public const string InvalidResponse = "HttpInvalidResponse";
}
