namespace Weft.Engine.Model;

/// <summary>Connects a port of <see cref="Source"/> to <see cref="Target"/>.</summary>
public sealed class EdgeDefinition
{
    public string Id { get; set; } = "";
    public string Source { get; set; } = "";

    /// <summary>The port of the source node; default <c>done</c>.</summary>
    public string SourcePort { get; set; } = Ports.Done;

    public string Target { get; set; } = "";
}
