using System.Globalization;

namespace Weft.Engine.Monitoring;

/// <summary>
/// Durations as people write them in rules, query strings and the CLI: <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>2h</c>,
/// <c>1d</c> (decimals allowed: <c>1.5h</c>), a TimeSpan (<c>00:15:00</c>, <c>1.00:00:00</c>), or a bare number of milliseconds.
/// </summary>
public static class DurationText
{
    private static readonly (string Suffix, double Milliseconds)[] Units =
    [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        // "ms" is tried before "s" and "m", so "500ms" is never read as 500m + "s".
        foreach (var (suffix, unit) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return FromMilliseconds(text[..^suffix.Length], unit, out duration);
        }
        return FromMilliseconds(text, 1, out duration);
    }

    /// <summary>Compact text that <see cref="TryParse"/> reads back: <c>1d</c>, <c>90m</c>, <c>1500ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = duration.TotalMilliseconds;
        foreach (var (suffix, unit) in Units.Reverse())
        {
            if (ms != 0 && ms % unit == 0)
                return (ms / unit).ToString(CultureInfo.InvariantCulture) + suffix;
        }
        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    private static bool FromMilliseconds(string number, double unit, out TimeSpan duration)
    {
        duration = default;
        if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return false;
        var ms = value * unit;
        if (Math.Abs(ms) > TimeSpan.MaxValue.TotalMilliseconds / 2)
            return false;
        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }
}
