using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Reads the duration forms workflow authors write: a .NET time span (<c>"00:00:05"</c>,
/// <c>"1.02:00:00"</c>), an ISO-8601 duration (<c>"PT5S"</c>, <c>"P1DT2H"</c>) or a number of
/// seconds (<c>5</c>, <c>0.5</c>, <c>"5"</c>). Definitions are hand-written and come from
/// other tools, so all three are accepted wherever a duration is.
/// </summary>
public static class DurationParser
{
    public const string Forms = "a time span (\"00:00:05\"), an ISO-8601 duration (\"PT5S\") or a number of seconds";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TryFromSeconds(seconds, out duration);

        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>A JSON string in any of the accepted forms, or a JSON number of seconds.</summary>
    public static bool TryParse(JsonNode? value, out TimeSpan duration)
    {
        duration = default;
        if (value is not JsonValue json) return false;
        return json.GetValueKind() switch
        {
            JsonValueKind.String => TryParse(json.GetValue<string>(), out duration),
            JsonValueKind.Number => json.TryGetValue<double>(out var seconds) && TryFromSeconds(seconds, out duration),
            _ => false,
        };
    }

    public static bool TryFromSeconds(double seconds, out TimeSpan duration)
    {
        duration = default;
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Short human form for messages: <c>5s</c>, <c>250ms</c>, <c>00:01:30</c>.</summary>
    public static string Describe(TimeSpan duration) =>
        duration.TotalSeconds < 1 ? $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms"
        : duration.TotalMinutes < 1 ? $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
        : duration.ToString("c", CultureInfo.InvariantCulture);
}
