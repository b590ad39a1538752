using System.Text.Json.Nodes;

namespace Weft.Engine.Activities;

/// <summary>
/// Where a suspended node waits. A signal bookmark is matched by <see cref="Name"/>; signals
/// that arrive before it exists wait in the instance inbox. A timer bookmark resumes at
/// <see cref="DueAt"/>; a signal bookmark with <see cref="DueAt"/> resumes with
/// <see cref="ResumeReason.TimedOut"/> if no signal came first.
/// </summary>
public sealed class Bookmark
{
    public BookmarkKind Kind { get; set; }

    /// <summary>The signal name (signal bookmarks) or the child instance id (child bookmarks).</summary>
    public string? Name { get; set; }

    /// <summary>When a timer fires, or when a signal wait times out.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Whatever the activity wants back on resume.</summary>
    public JsonNode? Data { get; set; }

    public static Bookmark ForSignal(string name, DateTimeOffset? timeoutAt = null, JsonNode? data = null) =>
        new() { Kind = BookmarkKind.Signal, Name = name, DueAt = timeoutAt, Data = data };

    public static Bookmark ForTimer(DateTimeOffset dueAt, JsonNode? data = null) =>
        new() { Kind = BookmarkKind.Timer, DueAt = dueAt, Data = data };

    public static Bookmark ForChild(string childInstanceId, JsonNode? data = null) =>
        new() { Kind = BookmarkKind.Child, Name = childInstanceId, Data = data };
}

public enum BookmarkKind
{
    Signal,
    Timer,
    Child,
}

public enum ResumeReason
{
    /// <summary>A signal with the bookmark's name arrived.</summary>
    Signal,

    /// <summary>A timer bookmark's time came.</summary>
    TimerElapsed,

    /// <summary>A signal bookmark's timeout passed first.</summary>
    TimedOut,

    /// <summary>The child instance ended (completed, faulted, cancelled…).</summary>
    ChildEnded,
}

/// <summary>Why and with what a bookmark resumed.</summary>
public sealed class BookmarkResumption
{
    public ResumeReason Reason { get; init; }
    public JsonNode? Payload { get; init; }
}
