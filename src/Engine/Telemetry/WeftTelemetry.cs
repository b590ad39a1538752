using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Weft.Engine.Telemetry;

/// <summary>
/// The engine's OpenTelemetry sources (DESIGN.md §8): a span per instance run and per node attempt,
/// counters and duration histograms. Exporters subscribe by the name <c>Weft.Engine</c>.
/// </summary>
public static class WeftTelemetry
{
    public const string SourceName = "Weft.Engine";

    public static readonly ActivitySource Source = new(SourceName, "1.0");
    public static readonly Meter Meter = new(SourceName, "1.0");

    public static readonly Counter<long> InstancesStarted = Meter.CreateCounter<long>("weft.instances.started", description: "Instances created.");
    public static readonly Counter<long> InstancesEnded = Meter.CreateCounter<long>("weft.instances.ended", description: "Instances that reached a final status (tag weft.status).");
    public static readonly Counter<long> NodeAttempts = Meter.CreateCounter<long>("weft.node.attempts", description: "Node attempts by outcome (tag weft.outcome).");
    public static readonly Histogram<double> NodeDuration = Meter.CreateHistogram<double>("weft.node.duration", "ms", "Duration of node attempts.");
    public static readonly Histogram<double> InstanceDuration = Meter.CreateHistogram<double>("weft.instance.duration", "ms", "Time from creation to a final status.");

    // Span attribute names.
    public const string InstanceId = "weft.instance.id";
    public const string DefinitionId = "weft.definition.id";
    public const string DefinitionVersion = "weft.definition.version";
    public const string NodeId = "weft.node.id";
    public const string ActivityType = "weft.activity.type";
    public const string Attempt = "weft.attempt";
    public const string Status = "weft.status";
    public const string Outcome = "weft.outcome";
    public const string Scope = "weft.scope";
}
