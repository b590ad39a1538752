using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Weft.Engine.Monitoring.Alerts;

/// <summary>
/// OpenTelemetry for alerts, under the name <c>Weft.Monitoring</c>: the gauge <c>weft.alerts.open</c>, the counter
/// <c>weft.alerts.transitions</c> (tags <c>weft.alert.rule</c>, <c>weft.alert.metric</c>, <c>weft.alert.transition</c> =
/// opened | resolved), and per evaluation a span <c>weft.alerts.evaluate</c> with an event per transition. One meter per
/// evaluator (disposed with it), so two servers in one process report their own gauges.
/// </summary>
public sealed class AlertTelemetry : IDisposable
{
    public const string Name = "Weft.Monitoring";

    public static readonly ActivitySource Source = new(Name, "1.0");

    private readonly Meter _meter = new(Name, "1.0");
    private readonly Counter<long> _transitions;
    private int _open;

    public AlertTelemetry()
    {
        _transitions = _meter.CreateCounter<long>("weft.alerts.transitions", description: "Alerts opened or resolved (tag weft.alert.transition).");
        _meter.CreateObservableGauge("weft.alerts.open", () => Volatile.Read(ref _open), description: "Alerts open after the last evaluation.");
    }

    public int OpenCount => Volatile.Read(ref _open);

    internal void SetOpen(int count) => Volatile.Write(ref _open, count);

    internal void Transition(Activity? span, AlertRecord alert, string transition)
    {
        var tags = new TagList
        {
            { "weft.alert.rule", alert.RuleId },
            { "weft.alert.metric", alert.Kind },
            { "weft.alert.transition", transition },
        };
        _transitions.Add(1, tags);
        span?.AddEvent(new ActivityEvent($"weft.alert.{transition}", tags: new ActivityTagsCollection
        {
            ["weft.alert.id"] = alert.Id,
            ["weft.alert.rule"] = alert.RuleId,
            ["weft.alert.metric"] = alert.Kind,
            ["weft.alert.subject"] = alert.Subject,
            ["weft.alert.value"] = transition == "opened" ? alert.Value : alert.ResolvedValue,
        }));
    }

    public void Dispose() => _meter.Dispose();
}
