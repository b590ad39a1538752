using Microsoft.Extensions.Logging;
using Weft.Engine.Runtime;

namespace Weft.Engine.Monitoring.Alerts;

/// <summary>
/// One pass over the rules at a given time: opens an alert for every subject whose condition holds and has none open,
/// resolves open alerts whose condition no longer holds (or whose rule is gone or disabled). Each transition is
/// persisted, logged and reported through <see cref="AlertTelemetry"/>. A rule that cannot be measured (the store is
/// unreachable) is logged and left as it was: its alerts neither open nor resolve on missing data.
/// </summary>
public sealed class AlertEvaluator(
    IMonitoringQueries metrics,
    IAlertStore alerts,
    Func<CancellationToken, Task<IReadOnlyList<QueueHealth>>> queues,
    AlertTelemetry telemetry,
    ILogger logger)
{
    private readonly AlertConditions _conditions = new(metrics, queues);

    public async Task<AlertEvaluation> EvaluateAsync(IReadOnlyList<AlertRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        using var span = AlertTelemetry.Source.StartActivity("weft.alerts.evaluate");
        var open = await alerts.ListAlertsAsync(new AlertQuery { OpenOnly = true, Take = 500 }, cancellationToken).ConfigureAwait(false);
        var opened = new List<AlertRecord>();
        var resolved = new List<AlertRecord>();
        var kept = new HashSet<string>(StringComparer.Ordinal);

        foreach (var rule in rules.Where(r => r.Enabled))
        {
            var ruleAlerts = open.Where(a => a.RuleId == rule.Id).ToList();
            IReadOnlyList<AlertMeasurement> measurements;
            try
            {
                measurements = await _conditions.MeasureAsync(rule, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Alert rule {RuleId} could not be evaluated; its alerts stay as they are.", rule.Id);
                kept.UnionWith(ruleAlerts.Select(a => a.Id));
                continue;
            }

            foreach (var measurement in measurements.Where(m => m.Firing))
            {
                if (ruleAlerts.FirstOrDefault(a => a.Subject == measurement.Subject) is { } already)
                {
                    kept.Add(already.Id);
                    continue;
                }
                var alert = new AlertRecord
                {
                    Id = $"alert-{Guid.NewGuid():N}",
                    RuleId = rule.Id,
                    Kind = rule.Metric,
                    Subject = measurement.Subject,
                    Message = measurement.Message,
                    Value = measurement.Value,
                    Threshold = rule.Threshold,
                    OpenedAt = now,
                };
                if (await alerts.OpenAlertAsync(alert, cancellationToken).ConfigureAwait(false))
                {
                    opened.Add(alert);
                    logger.LogWarning("Alert opened: {RuleId} on {Subject}: {Message}", rule.Id, measurement.Subject, measurement.Message);
                    telemetry.Transition(span, alert, "opened");
                }
            }

            foreach (var alert in ruleAlerts.Where(a => !kept.Contains(a.Id)))
            {
                var value = measurements.FirstOrDefault(m => m.Subject == alert.Subject)?.Value;
                await ResolveAsync(alert, value, now, span, resolved, "its condition no longer holds", cancellationToken).ConfigureAwait(false);
                kept.Add(alert.Id); // handled
            }
        }

        // Alerts of rules deleted or disabled since they opened.
        var live = rules.Where(r => r.Enabled).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in open.Where(a => !live.Contains(a.RuleId)))
            await ResolveAsync(alert, null, now, span, resolved, "its rule was removed or disabled", cancellationToken).ConfigureAwait(false);

        var openCount = open.Count + opened.Count - resolved.Count;
        telemetry.SetOpen(openCount);
        span?.SetTag("weft.alerts.opened", opened.Count);
        span?.SetTag("weft.alerts.resolved", resolved.Count);
        return new AlertEvaluation(now, opened, resolved, openCount);
    }

    private async Task ResolveAsync(AlertRecord alert, double? value, DateTimeOffset now, System.Diagnostics.Activity? span,
        List<AlertRecord> resolved, string why, CancellationToken cancellationToken)
    {
        if (!await alerts.ResolveAlertAsync(alert.Id, now, value, cancellationToken).ConfigureAwait(false))
            return;
        var done = alert with { ResolvedAt = now, ResolvedValue = value };
        resolved.Add(done);
        logger.LogInformation("Alert resolved: {RuleId} on {Subject} ({Why}).", alert.RuleId, alert.Subject, why);
        telemetry.Transition(span, done, "resolved");
    }
}

/// <summary>What one evaluation changed, and how many alerts are open after it.</summary>
public sealed record AlertEvaluation(DateTimeOffset At, IReadOnlyList<AlertRecord> Opened, IReadOnlyList<AlertRecord> Resolved, int OpenCount);
