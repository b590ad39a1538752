namespace Weft.Engine.Monitoring;

/// <summary>
/// One workflow (definition id, all versions) over a window, from the instances created in it.
/// <see cref="Successes"/>: Completed. <see cref="Failures"/>: Faulted or TimedOut. <see cref="Cancelled"/>: Cancelled or
/// Terminated (an operator's decision, neither success nor failure). <see cref="InProgress"/>: not final yet.
/// <see cref="SuccessRate"/> = successes / (successes + failures), 0..1, null when neither happened.
/// <see cref="Duration"/>: creation to end of the successful and failed instances. <see cref="Retries"/> and
/// <see cref="Tokens"/> sum the workflow's node attempts that started in the window.
/// </summary>
public sealed record WorkflowMetrics(
    string DefinitionId,
    long Runs,
    long Successes,
    long Failures,
    long Cancelled,
    long InProgress,
    double? SuccessRate,
    long Retries,
    long Tokens,
    DurationStats Duration)
{
    /// <summary>failures / (successes + failures), 0..1, null when neither happened.</summary>
    public double? FailureRate => SuccessRate is { } rate ? 1 - rate : null;
}
