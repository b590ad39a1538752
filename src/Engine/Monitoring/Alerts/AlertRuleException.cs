namespace Weft.Engine.Monitoring.Alerts;

/// <summary>An alert rule that cannot be used; <see cref="Field"/> names the offending field (a JSON path or configuration key).</summary>
public sealed class AlertRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
