namespace Weft.Engine.Monitoring.Alerts;

/// <summary>
/// Where alert rules defined through the API, and alerts with their history, are kept. Both stores implement it
/// (tables <c>alert_rules</c> and <c>alerts</c>). At most one alert per (rule, subject) is open at a time.
/// </summary>
public interface IAlertStore
{
    /// <summary>Rules saved through the API, by id.</summary>
    Task<IReadOnlyList<StoredAlertRule>> ListAlertRulesAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the rule with <see cref="StoredAlertRule.Id"/>.</summary>
    Task SaveAlertRuleAsync(StoredAlertRule rule, CancellationToken cancellationToken = default);

    /// <summary>False when no rule had that id.</summary>
    Task<bool> DeleteAlertRuleAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Records an open alert. False (nothing written) when one is already open for its rule and subject.</summary>
    Task<bool> OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    /// <summary>Marks an open alert resolved. False when it is unknown or already resolved.</summary>
    Task<bool> ResolveAlertAsync(string alertId, DateTimeOffset resolvedAt, double? value, CancellationToken cancellationToken = default);

    /// <summary>Open alerts (oldest first) or, with <see cref="AlertQuery.OpenOnly"/> false, history newest first.</summary>
    Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A rule as the API saved it: its JSON document (see <see cref="AlertRule"/>).</summary>
public sealed record StoredAlertRule(string Id, string Json, DateTimeOffset UpdatedAt);

/// <summary>Which alerts to list. <see cref="Take"/> is capped at 500.</summary>
public sealed record AlertQuery
{
    public bool OpenOnly { get; init; }

    /// <summary>History only: alerts opened at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    public int Take { get; init; } = 100;
}

/// <summary>
/// One alert: a rule whose condition held for one <see cref="Subject"/> (a workflow, a node <c>workflow/node</c>, a queue,
/// an instance) from <see cref="OpenedAt"/> until <see cref="ResolvedAt"/> (null while open).
/// </summary>
public sealed record AlertRecord
{
    public required string Id { get; init; }
    public required string RuleId { get; init; }
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required string Message { get; init; }

    /// <summary>The measured value that opened it (percent, milliseconds, or a count).</summary>
    public double? Value { get; init; }

    public double? Threshold { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The value measured when it resolved (null when the subject had no data any more).</summary>
    public double? ResolvedValue { get; init; }

    public bool IsOpen => ResolvedAt is null;
}
