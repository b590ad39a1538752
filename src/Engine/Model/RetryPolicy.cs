namespace Weft.Engine.Model;

/// <summary>
/// How a failed attempt is retried. The delay before attempt n+1 is
/// <c>min(InitialInterval × Backoff^(n-1), MaxInterval)</c>, kept as a durable timer.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Attempts in all, the first included. Default: 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry. Default: 1 second.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Multiplier applied to the delay after each retry. Default: 2.0.</summary>
    public double Backoff { get; set; } = 2.0;

    /// <summary>Upper bound of the delay. Default: 1 minute.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Error types (see <c>ActivityError.Type</c>) that are never retried. Default: none.</summary>
    public List<string> NonRetryable { get; set; } = [];

    /// <summary>The delay before the attempt after <paramref name="failedAttempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int failedAttempt)
    {
        var factor = Math.Pow(Backoff <= 0 ? 1 : Backoff, Math.Max(0, failedAttempt - 1));
        var ticks = InitialInterval.Ticks * factor;
        return ticks >= MaxInterval.Ticks ? MaxInterval : TimeSpan.FromTicks((long)ticks);
    }
}
