namespace Weft.ServiceDefaults.Resilience;

/// <summary>Per-request switches for the resilience handler, set on <see cref="HttpRequestMessage.Options"/>.</summary>
public static class WeftResilience
{
    /// <summary>
    /// <c>request.Options.Set(WeftResilience.RetryNonIdempotent, true)</c>: retry this POST/PATCH although the client does not
    /// (because this one request is safe to repeat, e.g. it carries an Idempotency-Key).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> RetryNonIdempotent = new("Weft.Resilience.RetryNonIdempotent");
}
