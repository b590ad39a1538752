using Npgsql;
using NpgsqlTypes;
using Weft.Engine.Monitoring.Alerts;

namespace Weft.Engine.Storage.Postgres;

/// <summary>Alert rules saved through the API, and alerts with their history (<see cref="PostgresMonitoringSql"/>).</summary>
public sealed partial class PostgresWorkflowStore : IAlertStore
{
    public Task<IReadOnlyList<StoredAlertRule>> ListAlertRulesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredAlertRule>>(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(PostgresMonitoringSql.SelectRules);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rules = new List<StoredAlertRule>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                rules.Add(new StoredAlertRule(reader.GetString(0), reader.GetString(1), reader.GetTime(2)));
            return rules;
        }, cancellationToken);

    public Task SaveAlertRuleAsync(StoredAlertRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentException.ThrowIfNullOrEmpty(rule.Id);
        return WriteStatementsAsync(batch => batch.Add(AlertSql.UpsertRule)
            .WithText("id", rule.Id)
            .WithJson("json", rule.Json)
            .WithTime("updated_at", rule.UpdatedAt), describe: null, cancellationToken);
    }

    public Task<bool> DeleteAlertRuleAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteCountingAsync(batch => batch.Add(AlertSql.DeleteRule).WithText("id", id), cancellationToken);
    }

    public Task<bool> OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return WriteCountingAsync(batch => batch.Add(AlertSql.InsertAlert)
            .WithText("id", alert.Id)
            .WithText("rule_id", alert.RuleId)
            .WithText("kind", alert.Kind)
            .WithText("subject", alert.Subject)
            .WithText("message", alert.Message)
            .WithDouble("value", alert.Value)
            .WithDouble("threshold", alert.Threshold)
            .WithTime("opened_at", alert.OpenedAt), cancellationToken);
    }

    public Task<bool> ResolveAlertAsync(string alertId, DateTimeOffset resolvedAt, double? value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(alertId);
        return WriteCountingAsync(batch => batch.Add(AlertSql.Resolve)
            .WithText("id", alertId)
            .WithTime("resolved_at", resolvedAt)
            .WithDouble("value", value), cancellationToken);
    }

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var take = Math.Clamp(query.Take, 0, 500);
        return ReadAsync<IReadOnlyList<AlertRecord>>(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            if (query.OpenOnly)
                batch.Add(AlertSql.SelectOpen).WithInt("take", take);
            else
                batch.Add(AlertSql.SelectHistory).WithInt("take", take).WithTime("since", query.Since ?? DateTimeOffset.UnixEpoch);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var alerts = new List<AlertRecord>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                alerts.Add(new AlertRecord
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
                });
            }
            return alerts;
        }, cancellationToken);
    }

    /// <summary>One statement through the writer; true when it changed a row.</summary>
    private Task<bool> WriteCountingAsync(Func<NpgsqlBatch, NpgsqlBatchCommand> statement, CancellationToken cancellationToken) =>
        WriteAsync(async session =>
        {
            await using var batch = session.CreateBatch();
            var command = statement(batch);
            await batch.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return command.RecordsAffected > 0;
        }, cancellationToken);
}

internal static class PostgresAlertParameters
{
    public static NpgsqlBatchCommand WithDouble(this NpgsqlBatchCommand command, string name, double? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Double) { Value = value is { } v ? v : DBNull.Value });
        return command;
    }
}
