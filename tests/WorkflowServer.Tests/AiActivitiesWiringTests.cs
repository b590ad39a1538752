using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests;

/// <summary>The server knows the AI and data activities and gives them their services: ingestion and search work offline.</summary>
public sealed class AiActivitiesWiringTests
{
    [Fact]
    public async Task IngestAndSearch_OverHttp_WorkOfflineWithTheDefaultEmbedder()
    {
        await using var server = await ServerHost.StartAsync();
        var definition = JsonNode.Parse("""
            { "id": "ingest-and-search",
              "inputs": [{ "name": "text", "type": "string", "required": true }, { "name": "question", "type": "string", "required": true }],
              "nodes": [
                { "id": "chunk", "type": "text.chunk", "inputs": { "text": "{{ input.text }}", "size": 60, "overlap": 0, "strategy": "sentence" } },
                { "id": "store", "type": "vector.upsert", "inputs": { "collection": "docs", "chunks": "{{ nodes.chunk.output.chunks }}", "idPrefix": "doc1" } },
                { "id": "search", "type": "vector.search", "inputs": { "collection": "docs", "query": "{{ input.question }}", "topK": 1 } } ],
              "edges": [{ "id": "e1", "source": "chunk", "target": "store" }, { "id": "e2", "source": "store", "target": "search" }] }
            """)!;
        (await server.Client.PostAsJsonAsync("api/definitions", definition)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await server.Client.PostAsync("api/definitions/ingest-and-search/publish", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var start = await server.Client.PostAsJsonAsync("api/instances", new JsonObject
        {
            ["definitionId"] = "ingest-and-search",
            ["input"] = new JsonObject
            {
                ["text"] = "Bananas are yellow fruit grown in the tropics. Durable workflows survive crashes and restarts. Paris is the capital of France.",
                ["question"] = "Which workflows survive crashes?",
            },
        });
        start.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await start.Content.ReadFromJsonAsync<JsonObject>())!["instanceId"]!.GetValue<string>();
        var done = await server.Workflows.WaitAsync(id).WaitAsync(TimeSpan.FromSeconds(30));

        done.Status.ShouldBe(Weft.Engine.Runtime.InstanceStatus.Completed, done.Error?.Message);
        var best = done.NodeOutputs["search"]!["matches"]!.AsArray().ShouldHaveSingleItem()!;
        best["text"]!.GetValue<string>().ShouldContain("Durable workflows survive crashes");
    }
}
