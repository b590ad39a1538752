using System.Text.Json.Nodes;

namespace Weft.Activities.Memory;

/// <summary>Whose memory: a user, an agent, a run, or a combination. A memory belongs to every id it was added with; a search sees the memories that match every id it gives.</summary>
public sealed record MemoryScope(string? UserId = null, string? AgentId = null, string? RunId = null)
{
    public bool IsEmpty => string.IsNullOrEmpty(UserId) && string.IsNullOrEmpty(AgentId) && string.IsNullOrEmpty(RunId);
}

/// <summary>What happened to a memory. <see cref="Noop"/>: a new fact was skipped as a near-duplicate of this memory.</summary>
public enum MemoryEvent
{
    Add,
    Update,
    Delete,
    Noop,
}

/// <summary>One change made (or skipped) by <see cref="MemoryStore"/>.</summary>
/// <param name="Id">The memory written, or for <see cref="MemoryEvent.Noop"/> the existing memory that made the text redundant.</param>
/// <param name="Text">The text written or, for Noop, the text that was skipped.</param>
/// <param name="PreviousText">Update and Delete: the text before; Noop: the existing memory's text.</param>
/// <param name="Score">Noop: the similarity to the existing memory.</param>
public sealed record MemoryChange(string Id, string Text, MemoryEvent Event, string? PreviousText = null, double? Score = null);

/// <summary>A memory found by <see cref="MemoryStore.SearchAsync"/>.</summary>
public sealed record MemoryHit(
    string Id,
    string Text,
    double Score,
    JsonObject? Metadata,
    MemoryScope Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One row of a memory's history: every add, update, delete and skipped duplicate, in order.</summary>
public sealed record MemoryHistoryEntry(
    long Sequence,
    string MemoryId,
    MemoryEvent Event,
    string? OldText,
    string? NewText,
    MemoryScope Scope,
    JsonObject? Metadata,
    string RequestId,
    DateTimeOffset At);

/// <summary>How <see cref="MemoryStore.AddAsync"/> treats the texts it is given.</summary>
public sealed class MemoryAddOptions
{
    /// <summary>Skip a text whose cosine similarity to an existing memory in the same scope is at least <see cref="DedupThreshold"/>. Default: false.</summary>
    public bool Deduplicate { get; init; }

    /// <summary>Default: 0.9.</summary>
    public double DedupThreshold { get; init; } = 0.9;

    /// <summary>
    /// Identifies the request: memory ids derive from it, the text and its position, and history rows
    /// are unique per request, so repeating a request (a retried node) rewrites the same memories and
    /// history instead of adding copies. Default: a new GUID (every call distinct).
    /// </summary>
    public string? RequestId { get; init; }
}
