namespace Weft.ServiceDefaults.Resilience;

/// <summary>Reads a response's <c>Retry-After</c> (delta seconds or an HTTP date) as a delay, bounded by a cap.</summary>
internal static class RetryAfter
{
    /// <returns>The delay the server asked for, at most <paramref name="cap"/>; null when it asked for none.</returns>
    public static TimeSpan? Delay(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null) return null;
        var delay = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : (TimeSpan?)null);
        if (delay is null) return null;
        if (delay < TimeSpan.Zero) return TimeSpan.Zero;
        return delay > cap ? cap : delay;
    }
}
