using System.Net;
using Polly;
using Polly.Timeout;

namespace Weft.ServiceDefaults.Resilience;

/// <summary>Which outcomes are worth another attempt, and which requests may be sent twice.</summary>
internal static class TransientHttp
{
    /// <summary>
    /// A network failure, a timed-out attempt, 408 Request Timeout, 429 Too Many Requests, or any 5xx. Other 4xx say the
    /// request itself is wrong; sending it again cannot help.
    /// </summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// Methods RFC 9110 §9.2.2 calls idempotent: sending them twice leaves the server as sending them once would.
    /// POST and PATCH are not — a retry after a lost response may repeat their effect.
    /// </summary>
    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options ||
        method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Trace;
}
