using System.Net;
using System.Net.Http.Json;
using Weft.Engine.Activities.Http;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Tests.Triggers;

/// <summary><c>http.request</c> inside a server workflow, calling a real API on 127.0.0.1, with the server's host allow-list.</summary>
public sealed class HttpRequestServerTests
{
    private static readonly Dictionary<string, string?> LoopbackOnly = new() { ["Weft:Http:AllowedHosts:0"] = "127.0.0.1" };

    /// <summary>A sync trigger whose workflow calls <c>input.url</c> and answers with the call's output.</summary>
    private static string Caller(string method, string retry = "null", string body = "null") => $$$"""
        { "id": "caller",
          "nodes": [
            { "id": "trigger", "type": "http.trigger", "inputs": { "route": "call", "timeout": "00:00:20" } },
            { "id": "call", "type": "http.request", "retry": {{{retry}}},
              "inputs": { "url": "{{ input.url }}", "method": "{{{method}}}", "query": { "page": 2 }, "body": {{{body}}} } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": "{{ nodes.call.output }}" } }
          ],
          "edges": [{ "id": "e1", "source": "trigger", "target": "call" }, { "id": "e2", "source": "call", "target": "finish" }] }
        """;

    [Fact]
    public async Task Request_JsonToLoopbackApi_RoundTrips()
    {
        await using var api = await LoopbackApi.StartAsync();
        await using var server = await TriggerTestServer.StartAsync(LoopbackOnly);
        await server.PublishAsync(Caller("POST", body: """{ "hello": "world", "n": 3 }"""));

        using var response = await server.Client.PostAsJsonAsync("workflows/call", new { url = new Uri(api.BaseAddress, "echo").ToString() });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var output = await response.ReadJsonObjectAsync();
        output["status"]!.GetValue<int>().ShouldBe(200);
        output["headers"]!["content-type"]!.GetValue<string>().ShouldStartWith("application/json");
        var echoed = output["body"]!;
        echoed["received"]!["hello"]!.GetValue<string>().ShouldBe("world");
        echoed["received"]!["n"]!.GetValue<int>().ShouldBe(3);
        echoed["query"]!.GetValue<string>().ShouldBe("?page=2");
        echoed["contentType"]!.GetValue<string>().ShouldStartWith("application/json");
    }

    [Fact]
    public async Task Request_503ThenOk_NodeRetryPolicySucceeds()
    {
        await using var api = await LoopbackApi.StartAsync();
        await using var server = await TriggerTestServer.StartAsync(LoopbackOnly);
        await server.PublishAsync(Caller("GET", retry: """{ "maxAttempts": 3, "initialInterval": "00:00:00.050" }"""));

        using var response = await server.Client.PostAsJsonAsync("workflows/call", new { url = new Uri(api.BaseAddress, "flaky").ToString() });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonObjectAsync())["body"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
        api.FlakyCalls.ShouldBe(2);
        var journal = await server.Store().GetJournalAsync(response.InstanceId());
        var attempts = journal.Where(j => j.NodeId == "call").ToList();
        attempts.Select(a => a.Attempt).Distinct().Order().ShouldBe([1, 2]); // the node's policy retried, not the client
        attempts.First(a => a.Attempt == 1).Error!.Type.ShouldBe(HttpErrorTypes.HttpError);
    }

    [Fact]
    public async Task Request_HostNotAllowed_FailsWithoutRetryNamingTheSetting()
    {
        await using var api = await LoopbackApi.StartAsync();
        await using var server = await TriggerTestServer.StartAsync(LoopbackOnly);
        await server.PublishAsync(Caller("POST", retry: """{ "maxAttempts": 3, "initialInterval": "00:00:00.050" }""", body: "{}"));
        var url = new UriBuilder(api.BaseAddress) { Host = "localhost", Path = "echo" }.Uri.ToString();

        using var response = await server.Client.PostAsJsonAsync("workflows/call", new { url });

        await response.ShouldHaveStatusAsync(HttpStatusCode.InternalServerError);
        var problem = await response.ReadJsonObjectAsync();
        problem["error"]!["type"]!.GetValue<string>().ShouldBe(HttpErrorTypes.HostNotAllowed);
        problem["detail"]!.GetValue<string>().ShouldContain("Weft:Http:AllowedHosts");
        problem["detail"]!.GetValue<string>().ShouldContain("'localhost'");
        api.EchoCalls.ShouldBe(0);
        var instance = await server.WaitForEndAsync(response.InstanceId());
        instance.Status.ShouldBe(InstanceStatus.Faulted);
        (await server.Store().GetJournalAsync(instance.InstanceId)).Count(j => j.NodeId == "call").ShouldBe(1);
    }
}
