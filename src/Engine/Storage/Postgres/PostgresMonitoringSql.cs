namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The monitoring schema and queries on PostgreSQL (docs/monitoring.md), the same figures as the SQLite store's.
/// Aggregates are computed in SQL over covering indexes; percentiles with <c>percentile_disc</c> (nearest rank).
/// </summary>
internal static class PostgresMonitoringSql
{
    /// <summary>Migration 3.</summary>
    public const string Migration = """
        -- Tokens an AI node reported (usage.totalTokens of its output), derived from the row so writers need not know.
        -- Only JSON numbers count (numeric holds any), so a custom activity's odd output cannot break a write.
        ALTER TABLE journal ADD COLUMN tokens numeric GENERATED ALWAYS AS (
            CASE WHEN json_typeof(output -> 'usage' -> 'totalTokens') = 'number'
                 THEN (output -> 'usage' ->> 'totalTokens')::numeric END) STORED;

        -- Cover every column the metrics read, in window order (index-only scans once the table is vacuumed).
        CREATE INDEX ix_journal_metrics ON journal (started_at) INCLUDE (definition_id, node_id, activity_type, status, ended_at, tokens);
        CREATE INDEX ix_instances_metrics ON instances (created_at) INCLUDE (definition_id, status, completed_at);
        CREATE INDEX ix_instances_suspended ON instances (status, updated_at);

        -- Alert rules defined through the API (configuration rules are not stored); json is the rule document.
        CREATE TABLE alert_rules (
            id          text COLLATE "C" NOT NULL PRIMARY KEY,
            json        json             NOT NULL,
            updated_at  timestamptz      NOT NULL
        );

        -- Alerts and their history: open while resolved_at is NULL, at most one open per (rule, subject).
        CREATE TABLE alerts (
            id             text COLLATE "C" NOT NULL PRIMARY KEY,
            rule_id        text COLLATE "C" NOT NULL,
            kind           text             NOT NULL,
            subject        text COLLATE "C" NOT NULL,
            message        text             NOT NULL,
            value          double precision,
            threshold      double precision,
            opened_at      timestamptz      NOT NULL,
            resolved_at    timestamptz,
            resolved_value double precision
        );
        CREATE UNIQUE INDEX ux_alerts_open ON alerts (rule_id, subject) WHERE resolved_at IS NULL;
        CREATE INDEX ix_alerts_opened ON alerts (opened_at);
        """;

    /// <summary>
    /// Lets the sorts of one monitoring query stay in memory (a day of a busy system is ~10 MB of durations; the default
    /// work_mem of 4 MB spills to disk). Sent first in the query's batch: set_config(…, true) lasts until the batch's
    /// implicit transaction ends, so the pooled connection keeps its own setting.
    /// </summary>
    public const string SortMemory = "SELECT set_config('work_mem', '64MB', true)";

    /// <summary>Both percentiles from one sort of the group's durations (the array form of percentile_disc).</summary>
    private const string Durations = """
        count(ms), min(ms), max(ms), sum(ms), sum(ms * ms),
        percentile_disc(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY ms) AS pct
        """;

    /// <summary>The aggregate query's columns, with its last (the percentile array) split into p50 and p95.</summary>
    private static string SplitPercentiles(string inner, int columns, string orderBy) => $"""
        SELECT {string.Join(", ", Enumerable.Range(1, columns).Select(i => $"c{i}"))}, pct[1], pct[2]
        FROM ({inner}) AS a ({string.Join(", ", Enumerable.Range(1, columns).Select(i => $"c{i}"))}, pct)
        ORDER BY {orderBy}
        """;

    /// <summary>
    /// Attempt figures per group. The aggregates run as a HashAggregate over the index-only scan (no sort of the window by
    /// its text keys, which cost more than the scan); each group keeps its durations in an array and only those are sorted,
    /// by percentile_disc over the array in a lateral subquery: the same exact nearest-rank figures as a sorted GROUP BY.
    /// </summary>
    private static string Attempts(string keys, string extraColumns, string filter)
    {
        var keyCount = keys.Split(',').Length;
        var columns = string.Join(", ", Enumerable.Range(1, keyCount + (extraColumns.Length > 0 ? 1 : 0) + 10).Select(i => $"c{i}"));
        return $"""
            SELECT {columns}, p.pct[1], p.pct[2]
            FROM (
                SELECT {keys}{extraColumns}, count(*), count(*) FILTER (WHERE status = 'Completed'), count(*) FILTER (WHERE status = 'Failed'),
                    count(*) FILTER (WHERE status = 'Retrying'), sum(tokens)::float8,
                    count(ms), min(ms), max(ms), sum(ms), sum(ms * ms), array_agg(ms) FILTER (WHERE ms IS NOT NULL)
                FROM (
                    SELECT definition_id, node_id, activity_type, status, tokens,
                        CASE WHEN status IN ('Completed', 'Retrying', 'Failed') AND ended_at IS NOT NULL
                             THEN {Milliseconds("ended_at - started_at")} END AS ms
                    FROM journal
                    WHERE started_at >= @from AND started_at < @to AND definition_id IS NOT NULL {filter}
                    OFFSET 0 -- a fence: flattened, ms would be computed again for each of the 7 aggregates that read it
                ) r
                GROUP BY {keys}
            ) AS a ({columns}, durations)
            CROSS JOIN LATERAL (SELECT percentile_disc(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY d) AS pct FROM unnest(a.durations) AS d) AS p
            ORDER BY {string.Join(", ", Enumerable.Range(1, keyCount).Select(i => $"c{i}"))}
            """;
    }

    /// <summary>
    /// An interval in milliseconds as float8, in float arithmetic only: EXTRACT returns numeric, whose arithmetic cost as
    /// much as the rest of the query. date_part's float seconds times 10⁶, rounded, is the interval's exact microseconds
    /// (for any duration under centuries), and one division by 1000 rounds as the numeric → float8 cast did: the same value.
    /// </summary>
    private static string Milliseconds(string interval) => $"round(date_part('epoch', {interval}) * 1000000) / 1000";

    public static readonly string Nodes = Attempts("definition_id, node_id", ", max(activity_type)", "");
    public static readonly string NodesOfWorkflow = Attempts("definition_id, node_id", ", max(activity_type)", "AND definition_id = @definition_id");
    public static readonly string ActivityTypes = Attempts("activity_type", "", "");

    private static string Workflows(string filter) => SplitPercentiles($"""
        SELECT definition_id, count(*), count(*) FILTER (WHERE status = 'Completed'),
            count(*) FILTER (WHERE status IN ('Faulted', 'TimedOut')), count(*) FILTER (WHERE status IN ('Cancelled', 'Terminated')),
            {Durations}
        FROM (
            SELECT definition_id, status,
                CASE WHEN status IN ('Completed', 'Faulted', 'TimedOut') AND completed_at IS NOT NULL
                     THEN {Milliseconds("completed_at - created_at")} END AS ms
            FROM instances
            WHERE created_at >= @from AND created_at < @to {filter}
            OFFSET 0 -- a fence: flattened, ms would be computed again for each aggregate that reads it
        ) r
        GROUP BY definition_id
        """, 10, "c1");

    public static readonly string AllWorkflows = Workflows("");
    public static readonly string OneWorkflow = Workflows("AND definition_id = @definition_id");

    private static string WorkflowAttempts(string filter) => $"""
        SELECT definition_id, count(*) FILTER (WHERE status = 'Retrying'), sum(tokens)::float8
        FROM journal
        WHERE started_at >= @from AND started_at < @to AND definition_id IS NOT NULL {filter}
        GROUP BY definition_id
        """;

    public static readonly string AllWorkflowAttempts = WorkflowAttempts("");
    public static readonly string OneWorkflowAttempts = WorkflowAttempts("AND definition_id = @definition_id");

    public const string Suspended = """
        SELECT id, definition_id, updated_at FROM instances
        WHERE status = 'Suspended' AND updated_at <= @before ORDER BY updated_at, id LIMIT @take
        """;

    public const string SelectRules = "SELECT id, json::text, updated_at FROM alert_rules ORDER BY id";
}
