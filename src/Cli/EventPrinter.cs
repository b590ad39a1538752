using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Storage;

namespace Weft.Cli;

/// <summary>Prints instance events: one readable line each, or one JSON object per line with <c>--json</c>.</summary>
internal sealed class EventPrinter(TextWriter output, bool json)
{
    private bool _midTokenLine;

    public long LastSequence { get; private set; }

    public void Print(InstanceEvent e)
    {
        if (e.Sequence <= LastSequence) return;
        LastSequence = e.Sequence;
        if (json)
        {
            var line = new JsonObject
            {
                ["seq"] = e.Sequence,
                ["type"] = e.Type,
                ["nodeId"] = e.NodeId,
                ["at"] = e.At,
                ["data"] = e.Data?.DeepClone(),
            };
            output.WriteLine(line.ToJsonString(WeftJson.Options));
            return;
        }
        if (e.Type == EventTypes.Token)
        {
            output.Write(e.Data?["delta"]?.GetValue<string>() ?? "");
            _midTokenLine = true;
            return;
        }
        if (_midTokenLine)
        {
            output.WriteLine();
            _midTokenLine = false;
        }
        output.WriteLine($"{e.At:HH:mm:ss.fff}  {e.Type,-20} {Describe(e)}");
    }

    private static string Describe(InstanceEvent e)
    {
        var d = e.Data;
        string Text(string name) => d?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : d?[name]?.ToJsonString() ?? "";
        return e.Type switch
        {
            EventTypes.NodeStarted or EventTypes.NodeResumed => $"{e.NodeId} ({Text("activityType")}) attempt {Text("attempt")}",
            EventTypes.NodeCompleted => $"{e.NodeId} → {Text("port")} ({Ms(d?["durationMs"])}){Preview(d?["output"])}",
            EventTypes.NodeRetrying => $"{e.NodeId} attempt {Text("attempt")} failed: {d?["error"]?["message"]}; retry at {Text("retryAt")}",
            EventTypes.NodeFailed => $"{e.NodeId}: {d?["error"]?["type"]}: {d?["error"]?["message"]}",
            EventTypes.NodeSuspended => $"{e.NodeId} waits for {d?["bookmark"]?["kind"]} {d?["bookmark"]?["name"]}".TrimEnd(),
            EventTypes.NodeSkipped => e.NodeId ?? "",
            EventTypes.SignalReceived => Text("name"),
            _ => e.NodeId ?? Text("status"),
        };
    }

    private static string Ms(JsonNode? value) => value is JsonValue v && v.TryGetValue<double>(out var ms) ? $"{ms:0} ms" : "";

    private static string Preview(JsonNode? output)
    {
        if (output is null) return "";
        var text = output.ToJsonString();
        return "  " + (text.Length > 120 ? text[..117] + "..." : text);
    }

    public void PrintResult(string instanceId, Weft.Engine.Runtime.InstanceSnapshot snapshot)
    {
        if (_midTokenLine) { output.WriteLine(); _midTokenLine = false; }
        if (json)
        {
            var result = new JsonObject
            {
                ["instanceId"] = instanceId,
                ["status"] = snapshot.Status.ToString(),
                ["output"] = snapshot.Output?.DeepClone(),
                ["error"] = snapshot.Error is null ? null : JsonSerializer.SerializeToNode(snapshot.Error, WeftJson.Options),
                ["waitingFor"] = new JsonArray([.. snapshot.CurrentNodes.Where(n => n.WaitingFor is not null).Select(n => (JsonNode?)JsonValue.Create(n.WaitingFor))]),
            };
            output.WriteLine(new JsonObject { ["result"] = result }.ToJsonString(WeftJson.Options));
            return;
        }
        output.WriteLine($"instance {instanceId}: {snapshot.Status}");
        if (snapshot.Output is not null) output.WriteLine(snapshot.Output.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (snapshot.Error is not null) output.WriteLine($"error: {snapshot.Error.Type}: {snapshot.Error.Message}{(snapshot.Error.NodeId is null ? "" : $" (node {snapshot.Error.NodeId})")}");
        foreach (var waiting in snapshot.CurrentNodes.Where(n => n.WaitingFor is not null))
            output.WriteLine($"waiting: {waiting.NodeId} for {waiting.WaitingFor}");
    }
}
