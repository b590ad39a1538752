using System.Diagnostics;
using Weft.Engine.Model;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>An attempt the runner has started and not yet harvested.</summary>
/// <param name="Inline">Ran inline in the runner's loop: its start row is not committed yet (it goes with its end).</param>
internal sealed record RunningAttempt(
    string Scope,
    NodeDefinition Node,
    AttemptKind Kind,
    JournalEntry Journal,
    ContainerProgress? ContainerCopy,
    Task<AttemptOutcome> Task,
    Activity? Span,
    bool Inline = false);

internal enum AttemptKind
{
    /// <summary>A fresh attempt: ExecuteAsync.</summary>
    Execute,

    /// <summary>A suspended node's bookmark resumed: ResumeAsync.</summary>
    Resume,

    /// <summary>A container deciding whether its body runs again: ExecuteAsync with its progress.</summary>
    ContainerStep,
}
