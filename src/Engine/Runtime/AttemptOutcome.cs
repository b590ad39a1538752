using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Engine.Runtime;

/// <summary>How one attempt of one node ended, as the runner's loop receives it.</summary>
internal sealed record AttemptOutcome(
    AttemptResult Kind,
    ActivityResult? Result,
    ActivityError? Error,
    bool Retryable,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    DateTimeOffset EndedAt)
{
    public static readonly IReadOnlyDictionary<string, JsonNode?> NoVariables = new Dictionary<string, JsonNode?>();
}

internal enum AttemptResult
{
    /// <summary>The activity returned a result (complete, suspend, iterate or finish).</summary>
    Succeeded,

    Failed,

    /// <summary>The instance was cancelled, terminated or timed out while the attempt ran.</summary>
    Cancelled,
}
