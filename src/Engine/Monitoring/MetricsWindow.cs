namespace Weft.Engine.Monitoring;

/// <summary>
/// The half-open time window [<see cref="From"/>, <see cref="To"/>) a metrics query covers. Instances count when they were
/// created inside it; node attempts when they started inside it. Times are whole milliseconds, as the stores keep them.
/// </summary>
public sealed record MetricsWindow
{
    public MetricsWindow(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            throw new ArgumentException($"The window ends ({to:O}) before it starts ({from:O}).", nameof(to));
        From = Truncate(from);
        To = Truncate(to);
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    /// <summary>The <paramref name="length"/> ending at <paramref name="end"/>.</summary>
    public static MetricsWindow Ending(DateTimeOffset end, TimeSpan length) => new(end - length, end);

    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
