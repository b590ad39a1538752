using Microsoft.Data.Sqlite;
using Weft.Engine.Monitoring.Alerts;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>Alert rules saved through the API, and alerts with their history (<see cref="SqliteAlertSql"/>).</summary>
public sealed partial class SqliteWorkflowStore : IAlertStore
{
    public Task<IReadOnlyList<StoredAlertRule>> ListAlertRulesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredAlertRule>>(session =>
        {
            var rules = new List<StoredAlertRule>();
            using var reader = session.Command(SqliteAlertSql.SelectRules).ExecuteReader();
            while (reader.Read())
                rules.Add(new StoredAlertRule(reader.GetString(0), reader.GetString(1), reader.GetTime(2)));
            return rules;
        }, cancellationToken);

    public Task SaveAlertRuleAsync(StoredAlertRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentException.ThrowIfNullOrEmpty(rule.Id);
        return WriteAsync(session => session.Command(AlertSql.UpsertRule)
            .With("@id", rule.Id)
            .With("@json", rule.Json)
            .With("@updated_at", SqliteValues.ToDb(rule.UpdatedAt))
            .ExecuteNonQuery(), cancellationToken);
    }

    public Task<bool> DeleteAlertRuleAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteAsync(session => session.Command(AlertSql.DeleteRule).With("@id", id).ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task<bool> OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return WriteAsync(session => session.Command(AlertSql.InsertAlert)
            .With("@id", alert.Id)
            .With("@rule_id", alert.RuleId)
            .With("@kind", alert.Kind)
            .With("@subject", alert.Subject)
            .With("@message", alert.Message)
            .With("@value", alert.Value)
            .With("@threshold", alert.Threshold)
            .With("@opened_at", SqliteValues.ToDb(alert.OpenedAt))
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task<bool> ResolveAlertAsync(string alertId, DateTimeOffset resolvedAt, double? value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        return WriteAsync(session => session.Command(AlertSql.Resolve)
            .With("@id", alertId)
            .With("@resolved_at", SqliteValues.ToDb(resolvedAt))
            .With("@value", value)
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var take = Math.Clamp(query.Take, 0, 500);
        return ReadAsync<IReadOnlyList<AlertRecord>>(session =>
        {
            var command = query.OpenOnly
                ? session.Command(AlertSql.SelectOpen).With("@take", take)
                : session.Command(AlertSql.SelectHistory).With("@take", take)
                    .With("@since", SqliteValues.ToDb(query.Since ?? DateTimeOffset.FromUnixTimeMilliseconds(0)));
            var alerts = new List<AlertRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
                alerts.Add(ReadAlert(reader));
            return alerts;
        }, cancellationToken);
    }

    private static AlertRecord ReadAlert(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        RuleId = reader.GetString(1),
        Kind = reader.GetString(2),
        Subject = reader.GetString(3),
        Message = reader.GetString(4),
        Value = reader.IsDBNull(5) ? null : reader.GetDouble(5),
        Threshold = reader.IsDBNull(6) ? null : reader.GetDouble(6),
        OpenedAt = reader.GetTime(7),
        ResolvedAt = reader.GetTimeOrNull(8),
        ResolvedValue = reader.IsDBNull(9) ? null : reader.GetDouble(9),
    };
}
