using System.Net;
using System.Net.Http.Json;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests.Triggers;

/// <summary>
/// HTTP-triggered workflows with <c>options.durability = ephemeral</c> over real Kestrel and SQLite: answered like
/// durable ones, but a run that completes leaves no instance behind, while one that fails is stored for people to see.
/// </summary>
public sealed class EphemeralTriggerTests
{
    [Fact]
    public async Task Post_EphemeralWorkflowWithRespond_AnswersAndLeavesNoInstance()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "quote", "options": { "durability": "ephemeral" },
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "quote", "method": "POST" } },
                { "id": "price", "type": "vars.set", "inputs": { "name": "price", "value": "{{ input.qty * 3 }}" } },
                { "id": "respond", "type": "http.respond", "inputs": { "status": 201, "body": { "price": "{{ vars.price }}" } } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "price" }, { "id": "e2", "source": "price", "target": "respond" }] }
            """);

        using var response = await server.Client.PostAsJsonAsync("workflows/quote", new { qty = 7 });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await response.ReadJsonObjectAsync())["price"]!.GetValue<double>().ShouldBe(21);
        using var instance = await server.Client.GetAsync($"api/instances/{response.InstanceId()}");
        instance.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.CountInstancesAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Get_EphemeralWorkflowWithoutRespond_AnswersWithItsOutput()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "next", "options": { "durability": "ephemeral" },
              "inputs": [{ "name": "id", "type": "integer", "required": true }],
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "next/{id:int}", "method": "GET" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": { "next": "{{ input.id + 1 }}" } } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "finish" }] }
            """);

        using var response = await server.Client.GetAsync("workflows/next/41");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonObjectAsync())["next"]!.GetValue<double>().ShouldBe(42);
        (await server.CountInstancesAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Post_EphemeralWorkflowFaults_Answers500AndTheFaultedInstanceIsStored()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "picky", "options": { "durability": "ephemeral" },
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "picky" } },
                { "id": "fail", "type": "flow.fail", "inputs": { "message": "no stock for {{ input.sku }}" } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "fail" }] }
            """);

        using var response = await server.Client.PostAsJsonAsync("workflows/picky", new { sku = "X1" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.InternalServerError);
        var instance = await server.WaitForEndAsync(response.InstanceId());
        instance.Status.ShouldBe(InstanceStatus.Faulted);
        instance.Error!.Message.ShouldBe("no stock for X1");
        var journal = await server.Store().GetJournalAsync(response.InstanceId());
        journal.Select(j => j.NodeId).Order().ToArray().ShouldBe(["fail", "trigger"]);
    }
}
