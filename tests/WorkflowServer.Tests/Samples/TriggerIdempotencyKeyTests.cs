using System.Net;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>The http.trigger <c>idempotencyKey</c> setting: a value of the request makes trigger starts idempotent.</summary>
public sealed class TriggerIdempotencyKeyTests
{
    private const string Definition = """
        {
          "id": "keyed",
          "inputs": [{ "name": "orderId" }],
          "nodes": [
            { "id": "trigger", "type": "http.trigger", "inputs": { "route": "keyed", "mode": "async", "idempotencyKey": "{{ input.orderId }}" } },
            { "id": "wait", "type": "signal.wait", "inputs": { "signal": "go" } }
          ],
          "edges": [{ "id": "e1", "source": "trigger", "target": "wait" }]
        }
        """;

    private static async Task<string> PostAsync(HttpClient client, string body, string? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/keyed") { Content = Http.Json(body) };
        if (header is not null) request.Headers.Add("Idempotency-Key", header);
        var response = await client.SendAsync(request);
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted))["instanceId"]!.GetValue<string>();
    }

    [Fact]
    public async Task Trigger_IdempotencyKeyFromTheBody_RepeatsReturnTheSameInstance_AndTheHeaderWins()
    {
        await using var host = await ServerHost.StartAsync();
        await host.Client.CreateAsync(Definition);

        var first = await PostAsync(host.Client, """{ "orderId": "o-1" }""");
        (await PostAsync(host.Client, """{ "orderId": "o-1", "note": "again" }""")).ShouldBe(first);
        (await PostAsync(host.Client, """{ "orderId": 7 }""")).ShouldNotBe(first, "numbers are keys too");
        (await PostAsync(host.Client, """{ "orderId": 7 }""")).ShouldBe(await PostAsync(host.Client, """{ "orderId": 7 }"""));
        var byHeader = await PostAsync(host.Client, """{ "orderId": "o-1" }""", header: "h-1");
        byHeader.ShouldNotBe(first, "the Idempotency-Key header wins over the trigger's key");
        (await PostAsync(host.Client, "{}")).ShouldNotBe(await PostAsync(host.Client, "{}"), "no key, no idempotency");

        var instances = (await (await host.Client.GetAsync("api/instances?definitionId=keyed")).ShouldBeJsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>();
        instances.ShouldBe(5); // o-1, 7, h-1, and two without a key
    }

    [Fact]
    public async Task Trigger_IdempotencyKeyThatIsNotText_IsRefusedNamingTheSetting()
    {
        await using var host = await ServerHost.StartAsync();
        await host.Client.CreateAsync(Definition);
        var response = await host.Client.PostJsonAsync("workflows/keyed", new JsonObject { ["orderId"] = new JsonObject { ["id"] = 1 } }.ToJsonString());
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotencyKey");
        problem["detail"]!.GetValue<string>().ShouldContain("{{ input.orderId }}");
        (await (await host.Client.GetAsync("api/instances?definitionId=keyed")).ShouldBeJsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(0);
    }
}
