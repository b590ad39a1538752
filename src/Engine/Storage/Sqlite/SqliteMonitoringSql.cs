namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// The monitoring schema and queries on SQLite (docs/monitoring.md). Everything aggregates in SQL over covering indexes:
/// a window's rows are read from the index, never from the table, and only aggregates leave the database.
/// Percentiles are nearest-rank (rank ⌈p·n⌉ of the sorted durations), as PostgreSQL's percentile_disc, computed by the
/// aggregate <see cref="SqlitePercentiles"/> inside the same GROUP BY for workflows; node and activity-type metrics are
/// aggregated by <see cref="SqliteMonitoringScan"/> in one pass over the same index.
/// </summary>
internal static class SqliteMonitoringSql
{
    /// <summary>Migration 3.</summary>
    public const string Migration = """
        -- Tokens an AI node reported (usage.totalTokens of its output), derived from the row so writers need not know.
        -- VIRTUAL: computed when read or indexed. Only numbers count, and text that is not JSON gives NULL (json_valid is
        -- checked first; CASE is lazy), so neither a custom activity's odd output nor a damaged row can make a write fail.
        ALTER TABLE journal ADD COLUMN tokens INTEGER GENERATED ALWAYS AS (
            CASE WHEN json_valid(output) THEN
                CASE WHEN json_type(output, '$.usage.totalTokens') IN ('integer', 'real')
                     THEN json_extract(output, '$.usage.totalTokens') END END) VIRTUAL;

        -- Covers every column the attempt metrics read, in window order: a window is one index range scan.
        CREATE INDEX ix_journal_metrics ON journal (started_at, definition_id, node_id, activity_type, status, ended_at, tokens);
        -- Covers the workflow metrics (instances created in a window) and the "suspended too long" alert.
        CREATE INDEX ix_instances_metrics ON instances (created_at, definition_id, status, completed_at);
        CREATE INDEX ix_instances_suspended ON instances (status, updated_at);

        -- Alert rules defined through the API (configuration rules are not stored); json is the rule document.
        CREATE TABLE alert_rules (
            id          TEXT    NOT NULL PRIMARY KEY,
            json        TEXT    NOT NULL,
            updated_at  INTEGER NOT NULL
        );

        -- Alerts and their history: open while resolved_at is NULL, at most one open per (rule, subject).
        CREATE TABLE alerts (
            id             TEXT    NOT NULL PRIMARY KEY,
            rule_id        TEXT    NOT NULL,
            kind           TEXT    NOT NULL,
            subject        TEXT    NOT NULL,
            message        TEXT    NOT NULL,
            value          REAL,
            threshold      REAL,
            opened_at      INTEGER NOT NULL,
            resolved_at    INTEGER,
            resolved_value REAL
        );
        CREATE UNIQUE INDEX ux_alerts_open ON alerts (rule_id, subject) WHERE resolved_at IS NULL;
        CREATE INDEX ix_alerts_opened ON alerts (opened_at);
        """;

    /// <summary>Everything of the inner aggregate but its last column, then the two percentiles split from it.</summary>
    private static string SplitPercentiles(string columns, string inner, string orderBy) => $"""
        SELECT {columns},
            CAST(substr(pct, 1, instr(pct, ';') - 1) AS INTEGER), CAST(substr(pct, instr(pct, ';') + 1) AS INTEGER)
        FROM ({inner})
        ORDER BY {orderBy}
        """;

    private static string Workflows(string filter) => SplitPercentiles(
        "definition_id, runs, successes, failures, cancelled, timed, min_ms, max_ms, sum_ms, sum_squares",
        $"""
        SELECT definition_id, count(*) AS runs, sum(status = 'Completed') AS successes, sum(status IN ('Faulted', 'TimedOut')) AS failures,
            sum(status IN ('Cancelled', 'Terminated')) AS cancelled,
            count(ms) AS timed, min(ms) AS min_ms, max(ms) AS max_ms, sum(ms) AS sum_ms, total(CAST(ms AS REAL) * ms) AS sum_squares,
            weft_percentiles(ms) AS pct
        FROM (
            SELECT definition_id, status,
                CASE WHEN status IN ('Completed', 'Faulted', 'TimedOut') AND completed_at IS NOT NULL THEN completed_at - created_at END AS ms
            FROM instances INDEXED BY ix_instances_metrics
            WHERE created_at >= @from AND created_at < @to {filter}
        )
        GROUP BY definition_id
        """, "definition_id");

    public static readonly string AllWorkflows = Workflows("");
    public static readonly string OneWorkflow = Workflows("AND definition_id = @definition_id");

    private static string WorkflowAttempts(string filter) => $"""
        SELECT definition_id, sum(status = 'Retrying'), sum(tokens)
        FROM journal INDEXED BY ix_journal_metrics
        WHERE started_at >= @from AND started_at < @to AND definition_id IS NOT NULL {filter}
        GROUP BY definition_id
        """;

    public static readonly string AllWorkflowAttempts = WorkflowAttempts("");
    public static readonly string OneWorkflowAttempts = WorkflowAttempts("AND definition_id = @definition_id");

    public const string Suspended = """
        SELECT id, definition_id, updated_at FROM instances
        WHERE status = 'Suspended' AND updated_at <= @before ORDER BY updated_at, id LIMIT @take
        """;
}
