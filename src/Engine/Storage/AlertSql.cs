namespace Weft.Engine.Storage;

/// <summary>
/// Statements on the <c>alert_rules</c> and <c>alerts</c> tables that read the same in both stores' dialects
/// (each store's migration creates the tables; reading rules differs: PostgreSQL keeps the rule as jsonb).
/// </summary>
internal static class AlertSql
{
    public const string UpsertRule = """
        INSERT INTO alert_rules (id, json, updated_at) VALUES (@id, @json, @updated_at)
        ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at
        """;

    public const string DeleteRule = "DELETE FROM alert_rules WHERE id = @id";

    /// <summary>DO NOTHING when an alert of the same rule and subject is open (the partial unique index).</summary>
    public const string InsertAlert = """
        INSERT INTO alerts (id, rule_id, kind, subject, message, value, threshold, opened_at)
        VALUES (@id, @rule_id, @kind, @subject, @message, @value, @threshold, @opened_at)
        ON CONFLICT DO NOTHING
        """;

    public const string Resolve = """
        UPDATE alerts SET resolved_at = @resolved_at, resolved_value = @value WHERE id = @id AND resolved_at IS NULL
        """;

    public const string Columns = "id, rule_id, kind, subject, message, value, threshold, opened_at, resolved_at, resolved_value";

    public const string SelectOpen = "SELECT " + Columns + " FROM alerts WHERE resolved_at IS NULL ORDER BY opened_at, id LIMIT @take";

    public const string SelectHistory = "SELECT " + Columns + " FROM alerts WHERE opened_at >= @since ORDER BY opened_at DESC, id DESC LIMIT @take";
}
