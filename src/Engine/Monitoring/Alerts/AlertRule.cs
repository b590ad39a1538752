using System.Text.Json.Nodes;

namespace Weft.Engine.Monitoring.Alerts;

/// <summary>
/// One alert rule (docs/monitoring.md). Read from configuration (<c>Weft:Alerts:Rules</c>) or the API by
/// <see cref="AlertRuleReader"/>, which checks every field.
/// </summary>
public sealed record AlertRule
{
    /// <summary>Unique among all rules: letters, digits, '.', '_' and '-', at most 100 characters.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="AlertMetric.All"/>.</summary>
    public required string Metric { get; init; }

    /// <summary>The workflow (definition id) watched; null watches every workflow, one alert per workflow.</summary>
    public string? Workflow { get; init; }

    /// <summary>The node watched (duration and node-success-rate rules); null: the whole workflow, or every node.</summary>
    public string? Node { get; init; }

    /// <summary>The queue watched (queueStalled); null watches every queue.</summary>
    public string? Queue { get; init; }

    /// <summary>How much recent activity windowed metrics look at. Default: 1 hour.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Percent for rates, milliseconds for durations; null for queueStalled.</summary>
    public double? Threshold { get; init; }

    /// <summary>Fewest runs in the window before a rate or duration is judged (few runs make noisy rates). Default: 1.</summary>
    public int MinRuns { get; init; } = 1;

    /// <summary>Disabled rules are not evaluated and their open alerts resolve. Default: true.</summary>
    public bool Enabled { get; init; } = true;

    public string? Description { get; init; }

    /// <summary>The rule as JSON (durations as text), the form the API returns and the store keeps.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id, ["metric"] = Metric };
        if (Workflow is not null) json["workflow"] = Workflow;
        if (Node is not null) json["node"] = Node;
        if (Queue is not null) json["queue"] = Queue;
        if (AlertMetric.IsWindowed(Metric)) json["window"] = DurationText.Format(Window);
        if (Threshold is { } threshold)
            json["threshold"] = AlertMetric.IsDuration(Metric) ? DurationText.Format(TimeSpan.FromMilliseconds(threshold)) : threshold;
        if (AlertMetric.IsWindowed(Metric)) json["minRuns"] = MinRuns;
        json["enabled"] = Enabled;
        if (Description is not null) json["description"] = Description;
        return json;
    }
}
