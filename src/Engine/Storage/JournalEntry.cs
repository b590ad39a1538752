using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage;

/// <summary>
/// One attempt of one node: written when it starts (status Running) and updated when it ends,
/// the end in the same transaction as the instance state.
/// </summary>
public sealed class JournalEntry
{
    /// <summary>Unique id chosen by the runtime (so the end can update the start without a read).</summary>
    public string Id { get; set; } = "";

    public string InstanceId { get; set; } = "";
    public string Scope { get; set; } = "";
    public string NodeId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public int Attempt { get; set; }
    public JournalStatus Status { get; set; }
    public string? Port { get; set; }
    public JsonNode? Inputs { get; set; }
    public JsonNode? Output { get; set; }
    public ActivityError? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Filled by the store when read (insertion order within an instance).</summary>
    public long Sequence { get; set; }

    public double? DurationMs => EndedAt is { } end ? (end - StartedAt).TotalMilliseconds : null;
}

public enum JournalStatus
{
    Running,
    Completed,

    /// <summary>Failed; a retry follows.</summary>
    Retrying,

    /// <summary>Failed its last attempt.</summary>
    Failed,

    Suspended,

    /// <summary>The process died during the attempt; it runs again (at-least-once).</summary>
    Interrupted,

    Cancelled,
    Skipped,
}
