using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.Engine.Activities.Core;

/// <summary>How a child instance ended, from a <c>ChildEnded</c> payload <c>{ instanceId, status, output, error }</c> or a snapshot.</summary>
internal sealed record ChildEnd(string InstanceId, string Status, JsonNode? Output, string? ErrorMessage, JsonObject Payload)
{
    public static ChildEnd FromPayload(string? bookmarkChildId, JsonNode? payload)
    {
        var obj = payload as JsonObject ?? [];
        var instanceId = Text(obj["instanceId"]) ?? bookmarkChildId ?? "";
        var status = Text(obj["status"]) ?? "Unknown";
        var error = obj["error"] switch
        {
            JsonObject e => Text(e["message"]),
            JsonValue v => Text(v),
            _ => null,
        };
        return new ChildEnd(instanceId, status, obj["output"], error, (JsonObject)obj.DeepClone());
    }

    public static ChildEnd FromSnapshot(InstanceSnapshot snapshot)
    {
        var payload = new JsonObject
        {
            ["instanceId"] = snapshot.InstanceId,
            ["status"] = snapshot.Status.ToString(),
            ["output"] = snapshot.Output?.DeepClone(),
            ["error"] = snapshot.Error is { } e
                ? new JsonObject { ["type"] = e.Type, ["message"] = e.Message, ["details"] = e.Details?.DeepClone(), ["nodeId"] = e.NodeId }
                : null,
        };
        return new ChildEnd(snapshot.InstanceId, snapshot.Status.ToString(), snapshot.Output, snapshot.Error?.Message, payload);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
