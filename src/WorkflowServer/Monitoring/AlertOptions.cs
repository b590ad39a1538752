namespace Weft.WorkflowServer.Monitoring;

/// <summary>
/// <c>Weft:Alerts</c>. Rules themselves are read by <see cref="AlertRuleCatalog"/> from <c>Weft:Alerts:Rules</c>
/// (an array of rule objects, docs/monitoring.md).
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Weft:Alerts";

    /// <summary>Evaluate the rules continuously. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two evaluations. Default: 30 seconds.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);
}
