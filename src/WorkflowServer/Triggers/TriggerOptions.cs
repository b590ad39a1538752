namespace Weft.WorkflowServer.Triggers;

/// <summary>HTTP trigger settings, bound from <c>Weft:Triggers</c>.</summary>
public sealed class TriggerOptions
{
    public const string SectionName = "Weft:Triggers";

    /// <summary>
    /// How often the route table is rebuilt from the store, so that definitions published by other
    /// server processes start answering here too (this process refreshes at once on its own
    /// publishes). Default: 5 s.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
