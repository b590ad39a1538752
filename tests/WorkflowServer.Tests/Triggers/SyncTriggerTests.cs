using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests.Triggers;

public sealed class SyncTriggerTests
{
    private const string Echo = """
        { "id": "echo",
          "nodes": [
            { "id": "trigger", "type": "http.trigger", "inputs": { "route": "echo/{name}", "method": "POST" } },
            { "id": "respond", "type": "http.respond", "inputs": {
                "status": 201,
                "headers": { "X-Greeting": "hello {{ input.name }}" },
                "body": { "name": "{{ input.name }}", "said": "{{ input.message }}", "path": "{{ trigger.path }}", "agent": "{{ trigger.headers['x-agent'] }}" } } }
          ],
          "edges": [{ "id": "e1", "source": "trigger", "target": "respond" }] }
        """;

    [Fact]
    public async Task Post_WorkflowWithRespond_AnswersWithItsStatusHeadersAndBody()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Echo);

        using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/echo/ada") { Content = JsonContent.Create(new { message = "hi" }) };
        request.Headers.Add("X-Agent", "tests");
        request.Headers.Add("X-Api-Key", "secret");
        using var response = await server.Client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Headers.GetValues("X-Greeting").Single().ShouldBe("hello ada");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = await response.ReadJsonObjectAsync();
        body["name"]!.GetValue<string>().ShouldBe("ada");
        body["said"]!.GetValue<string>().ShouldBe("hi");
        body["path"]!.GetValue<string>().ShouldBe("/workflows/echo/ada");
        body["agent"]!.GetValue<string>().ShouldBe("tests");

        // The request is kept in the instance as `trigger`, without credentials.
        var instance = await server.WaitForEndAsync(response.InstanceId());
        instance.Status.ShouldBe(InstanceStatus.Completed);
        var trigger = instance.NodeOutputs["trigger"]!.AsObject();
        trigger["method"]!.GetValue<string>().ShouldBe("POST");
        trigger["routeValues"]!["name"]!.GetValue<string>().ShouldBe("ada");
        trigger["body"]!["message"]!.GetValue<string>().ShouldBe("hi");
        trigger["headers"]!.AsObject().ContainsKey("x-api-key").ShouldBeFalse();
        trigger["headers"]!["x-agent"]!.GetValue<string>().ShouldBe("tests");
    }

    [Fact]
    public async Task Get_WorkflowWithoutRespond_AnswersWithItsOutput()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "order",
              "inputs": [{ "name": "id", "type": "integer", "required": true }, { "name": "express", "type": "boolean" }],
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "orders/{id:int}", "method": "GET" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": { "next": "{{ input.id + 1 }}", "express": "{{ input.express }}", "tags": "{{ input.tag }}" } } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "finish" }] }
            """);

        using var response = await server.Client.GetAsync("workflows/orders/41?express=true&tag=a&tag=b");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var output = await response.ReadJsonObjectAsync();
        output["next"]!.GetValue<double>().ShouldBe(42); // the route value became the declared integer
        output["express"]!.GetValue<bool>().ShouldBeTrue();
        output["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task Post_BodyHasTheKey_BodyWinsOverRouteValue()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "precedence",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "items/{name}" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": "{{ input.name }}" } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "finish" }] }
            """);

        using var response = await server.Client.PostAsJsonAsync("workflows/items/from-route", new { name = "from-body" });

        (await response.Content.ReadAsStringAsync()).ShouldBe("\"from-body\"");
    }

    [Fact]
    public async Task Post_TriggerTimeoutPasses_Answers504WithInstanceUrl_AndInstanceCompletesLater()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "slow",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "slow", "timeout": "00:00:00.300" } },
                { "id": "wait", "type": "timer.delay", "inputs": { "duration": "00:00:01.500" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": { "done": true } } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "wait" }, { "id": "e2", "source": "wait", "target": "finish" }] }
            """);

        using var response = await server.Client.PostAsync("workflows/slow", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.GatewayTimeout);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonObjectAsync();
        var id = problem["instanceId"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/api/instances/{id}");
        problem["statusUrl"]!.GetValue<string>().ShouldBe($"/api/instances/{id}");
        problem["eventsUrl"]!.GetValue<string>().ShouldBe($"/api/instances/{id}/events");

        var instance = await server.WaitForEndAsync(id);
        instance.Status.ShouldBe(InstanceStatus.Completed);
        instance.Output!["done"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Post_WorkflowFaults_Answers500ProblemWithInstanceAndError()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "broken",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "broken" } },
                { "id": "fail", "type": "flow.fail", "inputs": { "message": "no stock for {{ input.sku }}" } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "fail" }] }
            """);

        using var response = await server.Client.PostAsJsonAsync("workflows/broken", new { sku = "X1" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.InternalServerError);
        var problem = await response.ReadJsonObjectAsync();
        problem["detail"]!.GetValue<string>().ShouldBe("no stock for X1");
        problem["instanceId"]!.GetValue<string>().ShouldBe(response.InstanceId());
        problem["status"]!.GetValue<int>().ShouldBe(500);
        problem["error"]!["message"]!.GetValue<string>().ShouldBe("no stock for X1");
    }

    [Fact]
    public async Task Post_RespondThenMoreWork_AnswersBeforeTheInstanceEnds()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "early",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "early" } },
                { "id": "respond", "type": "http.respond", "inputs": { "status": 200, "body": "accepted" } },
                { "id": "signal", "type": "signal.wait", "inputs": { "signal": "go" } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "respond" }, { "id": "e2", "source": "respond", "target": "signal" }] }
            """);

        using var response = await server.Client.PostAsync("workflows/early", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("accepted");
        var id = response.InstanceId();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        (await server.Runtime().Client.WaitAsync(id, untilSuspended: true, timeout.Token)).Status.ShouldBe(InstanceStatus.Suspended);
    }
}
