namespace Weft.Engine.Storage.Sqlite;

/// <summary>SQLite's own statement on <c>alert_rules</c> (schema in <see cref="SqliteMonitoringSql.Migration"/>); the rest is <see cref="AlertSql"/>.</summary>
internal static class SqliteAlertSql
{
    public const string SelectRules = "SELECT id, json, updated_at FROM alert_rules ORDER BY id";
}
