using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests.Postgres;

/// <summary>Definitions the scale-out tests run.</summary>
internal static class ScaleOutWorkflows
{
    /// <summary>
    /// <paramref name="steps"/> nodes in a chain, each <c>vars.set by = secrets.server</c>: the journal then says which
    /// server completed each node. With <paramref name="pause"/>, a <c>timer.delay</c> that long follows the first node
    /// (awaited in memory, holding one of the server's instance slots).
    /// </summary>
    public static string Chain(string id, int steps, string? pause = null)
    {
        var nodes = new List<JsonNode?>();
        for (var i = 1; i <= steps; i++)
        {
            nodes.Add(new JsonObject
            {
                ["id"] = $"n{i}",
                ["type"] = "vars.set",
                ["inputs"] = new JsonObject { ["name"] = "by", ["value"] = "{{ secrets.server }}" },
            });
        }
        if (pause is not null) nodes.Insert(1, new JsonObject { ["id"] = "pause", ["type"] = "timer.delay", ["inputs"] = new JsonObject { ["duration"] = pause } });
        var ids = nodes.Select(n => n!["id"]!.GetValue<string>()).ToList();
        var edges = Enumerable.Range(1, ids.Count - 1).Select(i => new JsonObject { ["id"] = $"e{i}", ["source"] = ids[i - 1], ["target"] = ids[i] });
        return new JsonObject
        {
            ["id"] = id,
            ["nodes"] = new JsonArray(nodes.ToArray()),
            ["edges"] = new JsonArray(edges.ToArray<JsonNode?>()),
        }.ToJsonString();
    }

    /// <summary>A timer of <paramref name="duration"/> then a finish: with a large in-memory wait threshold the owner holds the instance throughout.</summary>
    public static string LongTimer(string id, string duration = "00:01:00", string queue = "default") => $$$"""
        {
          "id": "{{{id}}}",
          "options": { "queue": "{{{queue}}}" },
          "nodes": [
            { "id": "begin", "type": "log", "inputs": { "message": "waiting" } },
            { "id": "wait", "type": "timer.delay", "inputs": { "duration": "{{{duration}}}" } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": { "done": true } } }
          ],
          "edges": [
            { "id": "e1", "source": "begin", "target": "wait" },
            { "id": "e2", "source": "wait", "target": "finish" }
          ]
        }
        """;

    /// <summary>One streamed <c>ai.chat</c> call on the <c>chat</c> alias, then a finish.</summary>
    public static string Chat(string id, string queue = "default") => $$$"""
        {
          "id": "{{{id}}}",
          "options": { "queue": "{{{queue}}}" },
          "nodes": [
            { "id": "ask", "type": "ai.chat", "inputs": { "model": "chat", "user": "Say hello" } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": { "text": "{{ nodes.ask.output.text }}" } } }
          ],
          "edges": [{ "id": "e1", "source": "ask", "target": "finish" }]
        }
        """;
}
