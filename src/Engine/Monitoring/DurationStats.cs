namespace Weft.Engine.Monitoring;

/// <summary>
/// Durations in milliseconds. Percentiles use the nearest-rank method (the smallest value with at least p% of the values at
/// or below it: rank ⌈p·n⌉ of the sorted values), so they are always values that occurred; both stores compute them in SQL.
/// <see cref="StdevMs"/> is the population standard deviation. Every figure is null when <see cref="Count"/> is 0.
/// </summary>
public sealed record DurationStats(long Count, double? MinMs, double? AvgMs, double? P50Ms, double? P95Ms, double? MaxMs, double? StdevMs)
{
    public static readonly DurationStats Empty = new(0, null, null, null, null, null, null);

    /// <summary>From the aggregates a store computed: count, min, max, sum, sum of squares and the two percentiles.</summary>
    internal static DurationStats From(long count, double? min, double? max, double? sum, double? sumOfSquares, double? p50, double? p95)
    {
        if (count == 0 || sum is null || sumOfSquares is null)
            return Empty;
        var mean = sum.Value / count;
        // E[x²] − E[x]² can come out a hair below zero through rounding when every value is equal.
        var variance = Math.Max(0, (sumOfSquares.Value / count) - (mean * mean));
        return new DurationStats(count, min, mean, p50, p95, max, Math.Sqrt(variance));
    }
}
