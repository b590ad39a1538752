using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests;

/// <summary>Definitions the tests start, as JSON text (the way Studio and the CLI send them).</summary>
internal static class Workflows
{
    /// <summary>vars.set then flow.finish: completes with {"message": "Hello, &lt;name&gt;!"}; input <c>name</c> (string) required.</summary>
    public static string Hello(string id = "hello", string idempotency = "useExisting", string queue = "default") => $$$"""
        {
          "id": "{{{id}}}", "name": "Hello",
          "inputs": [{ "name": "name", "type": "string", "required": true }],
          "options": { "idempotency": "{{{idempotency}}}", "queue": "{{{queue}}}" },
          "nodes": [
            { "id": "greet", "type": "vars.set", "inputs": { "name": "greeting", "value": "{{ `Hello, ${input.name}!` }}" } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": { "message": "{{ vars.greeting }}" } } }
          ],
          "edges": [{ "id": "e1", "source": "greet", "target": "finish" }]
        }
        """;

    /// <summary>Logs, waits for <paramref name="signal"/>, finishes with the signal's payload as <c>got</c>.</summary>
    public static string WaitForSignal(string id = "waiter", string signal = "x") => $$$"""
        {
          "id": "{{{id}}}",
          "nodes": [
            { "id": "begin", "type": "log", "inputs": { "message": "waiting" } },
            { "id": "wait", "type": "signal.wait", "inputs": { "signal": "{{{signal}}}" } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": { "got": "{{ nodes.wait.output }}" } } }
          ],
          "edges": [
            { "id": "e1", "source": "begin", "target": "wait" },
            { "id": "e2", "source": "wait", "target": "finish" }
          ]
        }
        """;

    /// <summary>Ends Faulted at once (flow.fail).</summary>
    public static string Failing(string id = "failing") => $$$"""
        { "id": "{{{id}}}", "nodes": [{ "id": "boom", "type": "flow.fail", "inputs": { "message": "boom" } }], "edges": [] }
        """;

    /// <summary>Shape-valid but not publishable: an unknown activity type and an edge to a missing node.</summary>
    public static string Invalid(string id = "broken") => $$$"""
        {
          "id": "{{{id}}}",
          "nodes": [{ "id": "a", "type": "no.such.activity" }],
          "edges": [{ "id": "e1", "source": "a", "target": "ghost" }]
        }
        """;

    /// <summary>A definition as a node, to edit in a test.</summary>
    public static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();
}
