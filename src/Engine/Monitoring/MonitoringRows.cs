using System.Data.Common;
using System.Globalization;

namespace Weft.Engine.Monitoring;

/// <summary>
/// Reads the aggregate rows both stores' monitoring SQL returns, so the two agree on every figure. Column layouts:
/// attempts = [attempts, successes, failures, retries, tokens, durations…]; instances = [runs, successes, failures,
/// cancelled, durations…]; durations = [count, min, max, sum, sum of squares, p50, p95].
/// </summary>
internal static class MonitoringRows
{
    /// <summary>Columns of a duration block.</summary>
    public const int DurationColumns = 7;

    /// <summary>Columns of an attempts block (counts and tokens, then durations).</summary>
    public const int AttemptColumns = 5 + DurationColumns;

    public static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static double? Double(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static DurationStats Durations(DbDataReader reader, int first) => DurationStats.From(
        Long(reader, first), Double(reader, first + 1), Double(reader, first + 2), Double(reader, first + 3),
        Double(reader, first + 4), Double(reader, first + 5), Double(reader, first + 6));

    public static NodeMetrics Node(DbDataReader reader)
    {
        var a = Attempts(reader, 3);
        return new NodeMetrics(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            a.Attempts, a.Runs, a.Successes, a.Failures, a.Retries, a.SuccessRate, a.Tokens, a.Duration);
    }

    public static ActivityTypeMetrics ActivityType(DbDataReader reader)
    {
        var a = Attempts(reader, 1);
        return new ActivityTypeMetrics(reader.GetString(0), a.Attempts, a.Runs, a.Successes, a.Failures, a.Retries, a.SuccessRate, a.Tokens, a.Duration);
    }

    /// <summary>A workflow row: id then the instances block; retries and tokens come from the journal query.</summary>
    public static WorkflowMetrics Workflow(DbDataReader reader, IReadOnlyDictionary<string, (long Retries, long Tokens)> attempts)
    {
        var id = reader.GetString(0);
        var runs = Long(reader, 1);
        var successes = Long(reader, 2);
        var failures = Long(reader, 3);
        var cancelled = Long(reader, 4);
        attempts.TryGetValue(id, out var extra);
        return new WorkflowMetrics(id, runs, successes, failures, cancelled, runs - successes - failures - cancelled,
            Rate(successes, successes + failures), extra.Retries, extra.Tokens, Durations(reader, 5));
    }

    private static (long Attempts, long Runs, long Successes, long Failures, long Retries, double? SuccessRate, long Tokens, DurationStats Duration)
        Attempts(DbDataReader reader, int first)
    {
        var successes = Long(reader, first + 1);
        var failures = Long(reader, first + 2);
        var runs = successes + failures;
        return (Long(reader, first), runs, successes, failures, Long(reader, first + 3), Rate(successes, runs), Long(reader, first + 4),
            Durations(reader, first + 5));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
