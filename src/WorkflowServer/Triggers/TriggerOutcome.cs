using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Triggers;

/// <summary>What a sync trigger answers from: an <c>http.response</c>, the end of the instance, or the wait running out.</summary>
internal abstract record TriggerOutcome
{
    /// <summary><c>http.respond</c> ran: <c>{status, headers, body, contentType}</c>.</summary>
    public sealed record Responded(JsonObject Response) : TriggerOutcome;

    /// <summary>The instance ended before any <c>http.respond</c>.</summary>
    public sealed record Ended(InstanceStatus Status, JsonNode? Output, JsonNode? Error) : TriggerOutcome;

    /// <summary>The trigger's timeout passed; the instance goes on.</summary>
    public sealed record WaitTimedOut : TriggerOutcome;
}
