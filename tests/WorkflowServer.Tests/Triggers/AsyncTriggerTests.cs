using System.Net;
using System.Net.Http.Json;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests.Triggers;

public sealed class AsyncTriggerTests
{
    [Fact]
    public async Task Post_AsyncTrigger_Answers202WithLocation_AndInstanceCompletes()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "ingest",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "ingest", "mode": "async" } },
                { "id": "wait", "type": "timer.delay", "inputs": { "duration": "00:00:00.200" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": { "doc": "{{ input.documentId }}" } } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "wait" }, { "id": "e2", "source": "wait", "target": "finish" }] }
            """);

        using var response = await server.Client.PostAsJsonAsync("workflows/ingest", new { documentId = "doc-7" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var body = await response.ReadJsonObjectAsync();
        var id = body["instanceId"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/api/instances/{id}");
        body["statusUrl"]!.GetValue<string>().ShouldBe($"/api/instances/{id}");
        body["eventsUrl"]!.GetValue<string>().ShouldBe($"/api/instances/{id}/events");

        var instance = await server.WaitForEndAsync(id);
        instance.Status.ShouldBe(InstanceStatus.Completed);
        instance.Output!["doc"]!.GetValue<string>().ShouldBe("doc-7");
    }
}
