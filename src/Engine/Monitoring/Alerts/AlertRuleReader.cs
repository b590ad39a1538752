using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Weft.Engine.Monitoring.Alerts;

/// <summary>
/// Reads an <see cref="AlertRule"/> from a JSON object (the API) or from string fields (configuration), checking every
/// field: an unknown field or metric, a window that is not a positive duration, a threshold that does not parse or is
/// out of range fail with an <see cref="AlertRuleException"/> naming the field as <c>{prefix}{name}</c>.
/// </summary>
public static partial class AlertRuleReader
{
    private static readonly string[] Fields = ["id", "metric", "workflow", "node", "queue", "window", "threshold", "minRuns", "enabled", "description"];

    public static AlertRule Read(JsonObject json, string prefix = "$.")
    {
        ArgumentNullException.ThrowIfNull(json);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in json)
        {
            fields[name] = value switch
            {
                null => null,
                JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
                JsonValue scalar => scalar.ToJsonString(),
                _ => throw new AlertRuleException(prefix + name, $"'{name}' must be a string, a number or a boolean."),
            };
        }
        return Read(fields, prefix);
    }

    /// <summary>Reads a rule from raw field values (names are matched exactly, as JSON's; configuration keys ignore case).</summary>
    public static AlertRule Read(IReadOnlyDictionary<string, string?> fields, string prefix)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var name in fields.Keys)
        {
            if (!Fields.Contains(name, StringComparer.Ordinal))
                throw new AlertRuleException(prefix + name, $"Unknown field '{name}'. Rules have: {string.Join(", ", Fields)}.");
        }

        string? Text(string name) => fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var id = Text("id") ?? throw new AlertRuleException(prefix + "id", "An alert rule needs an 'id'.");
        if (!IdPattern().IsMatch(id))
            throw new AlertRuleException(prefix + "id", $"The id '{id}' may hold only letters, digits, '.', '_' and '-' (at most 100).");

        var metric = Text("metric") ?? throw new AlertRuleException(prefix + "metric", $"An alert rule needs a 'metric': one of {string.Join(", ", AlertMetric.All)}.");
        if (!AlertMetric.All.Contains(metric, StringComparer.Ordinal))
            throw new AlertRuleException(prefix + "metric", $"Unknown metric '{metric}'. Known: {string.Join(", ", AlertMetric.All)}.");

        var window = TimeSpan.FromHours(1);
        if (Text("window") is { } windowText)
        {
            if (!AlertMetric.IsWindowed(metric))
                throw new AlertRuleException(prefix + "window", $"Metric '{metric}' takes no window.");
            if (!DurationText.TryParse(windowText, out window))
                throw new AlertRuleException(prefix + "window", $"The window '{windowText}' is not a duration (e.g. 15m, 1h, 1d, 00:30:00).");
            if (window <= TimeSpan.Zero)
                throw new AlertRuleException(prefix + "window", $"The window must be positive; '{windowText}' is not.");
        }

        var threshold = Threshold(metric, Text("threshold"), prefix + "threshold");

        var minRuns = 1;
        if (Text("minRuns") is { } minRunsText
            && (!int.TryParse(minRunsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out minRuns) || minRuns < 1))
        {
            throw new AlertRuleException(prefix + "minRuns", $"minRuns must be a whole number of at least 1; '{minRunsText}' is not.");
        }

        var enabled = true;
        if (Text("enabled") is { } enabledText && !bool.TryParse(enabledText, out enabled))
            throw new AlertRuleException(prefix + "enabled", $"enabled must be true or false; '{enabledText}' is not.");

        var node = Text("node");
        if (node is not null && metric is not (AlertMetric.AvgDuration or AlertMetric.P95Duration or AlertMetric.NodeSuccessRate))
            throw new AlertRuleException(prefix + "node", $"Metric '{metric}' is not per node.");
        if (node is not null && Text("workflow") is null)
            throw new AlertRuleException(prefix + "workflow", "A rule on a node names its workflow too.");
        var queue = Text("queue");
        if (queue is not null && metric != AlertMetric.QueueStalled)
            throw new AlertRuleException(prefix + "queue", $"Only {AlertMetric.QueueStalled} watches a queue.");
        if (Text("workflow") is not null && metric == AlertMetric.QueueStalled)
            throw new AlertRuleException(prefix + "workflow", $"{AlertMetric.QueueStalled} watches queues, not workflows.");

        return new AlertRule
        {
            Id = id,
            Metric = metric,
            Workflow = Text("workflow"),
            Node = node,
            Queue = queue,
            Window = window,
            Threshold = threshold,
            MinRuns = minRuns,
            Enabled = enabled,
            Description = Text("description"),
        };
    }

    private static double? Threshold(string metric, string? text, string field)
    {
        if (metric == AlertMetric.QueueStalled)
        {
            return text is null ? null : throw new AlertRuleException(field, $"{AlertMetric.QueueStalled} takes no threshold.");
        }
        if (text is null)
            throw new AlertRuleException(field, $"Metric '{metric}' needs a threshold.");

        if (AlertMetric.IsRate(metric))
        {
            var number = text.EndsWith('%') ? text[..^1].TrimEnd() : text;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || !double.IsFinite(percent))
                throw new AlertRuleException(field, $"The threshold '{text}' is not a percentage (e.g. 10, 10% or 2.5).");
            if (percent is < 0 or > 100)
                throw new AlertRuleException(field, $"The threshold is a percentage from 0 to 100; {text} is not.");
            return percent;
        }

        if (!DurationText.TryParse(text, out var duration))
            throw new AlertRuleException(field, $"The threshold '{text}' is not a duration (e.g. 1500ms, 2s, 5m, 00:00:02, or milliseconds).");
        if (duration < TimeSpan.Zero)
            throw new AlertRuleException(field, $"The threshold must not be negative; '{text}' is.");
        return duration.TotalMilliseconds;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
