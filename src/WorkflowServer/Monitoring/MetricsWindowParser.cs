using System.Globalization;
using Weft.Engine.Monitoring;
using Weft.WorkflowServer.Api;

namespace Weft.WorkflowServer.Monitoring;

/// <summary>
/// The window of a metrics request: <c>from</c> and <c>to</c> (ISO 8601), or <c>window</c> (a duration such as 1h or 1d)
/// ending at <c>to</c>; <c>to</c> defaults to now, the window to one day. Anything that does not parse, a window that
/// is not positive, or <c>from</c> after <c>to</c> is a 400 naming the parameter.
/// </summary>
internal static class MetricsWindowParser
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);

    public static MetricsWindow Parse(IQueryCollection query, DateTimeOffset now)
    {
        var to = Time(query, "to") ?? now;
        var from = Time(query, "from");
        var windowText = Single(query, "window");
        if (from is not null && windowText is not null)
            throw ApiProblemException.BadRequest("Give either 'from' or 'window', not both.", "window");
        if (windowText is not null)
        {
            if (!DurationText.TryParse(windowText, out var window))
                throw ApiProblemException.BadRequest($"Query parameter 'window': '{windowText}' is not a duration (e.g. 15m, 1h, 1d).", "window");
            if (window <= TimeSpan.Zero)
                throw ApiProblemException.BadRequest($"Query parameter 'window' must be positive, not '{windowText}'.", "window");
            return MetricsWindow.Ending(to, window);
        }
        from ??= to - DefaultWindow;
        if (from > to)
            throw ApiProblemException.BadRequest($"'from' ({from:O}) is after 'to' ({to:O}).", "from");
        return new MetricsWindow(from.Value, to);
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name) => Single(query, name) is { } text
        ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw ApiProblemException.BadRequest($"Query parameter '{name}': '{text}' is not a date and time; use ISO 8601, e.g. 2025-01-31T12:00:00Z.", name)
        : null;

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1) throw ApiProblemException.BadRequest($"Query parameter '{name}' is given {values.Count} times; give it once.", name);
        var value = values.ToString();
        return value.Length == 0 ? throw ApiProblemException.BadRequest($"Query parameter '{name}' is empty.", name) : value;
    }
}
