namespace Weft.Engine.Monitoring;

/// <summary>
/// Node attempts (journal rows) that started in the window, per workflow node or per activity type.
/// <see cref="Attempts"/>: every row. <see cref="Runs"/>: executions that reached their outcome — Completed
/// (<see cref="Successes"/>) or Failed after the last attempt (<see cref="Failures"/>). <see cref="Retries"/>: failed
/// attempts that were retried. <see cref="SuccessRate"/> = successes / runs, 0..1, null without runs.
/// <see cref="Tokens"/>: the <c>usage.totalTokens</c> AI nodes (ai.chat, ai.classify) put in their output.
/// <see cref="Duration"/>: attempts that ran to an outcome (Completed, Retrying, Failed); suspended, cancelled and
/// interrupted attempts are not timed.
/// </summary>
public sealed record NodeMetrics(
    string DefinitionId,
    string NodeId,
    string ActivityType,
    long Attempts,
    long Runs,
    long Successes,
    long Failures,
    long Retries,
    double? SuccessRate,
    long Tokens,
    DurationStats Duration);

/// <summary>The same figures as <see cref="NodeMetrics"/>, over every node of one activity type in every workflow.</summary>
public sealed record ActivityTypeMetrics(
    string ActivityType,
    long Attempts,
    long Runs,
    long Successes,
    long Failures,
    long Retries,
    double? SuccessRate,
    long Tokens,
    DurationStats Duration);
