using System.Net;
using System.Net.Http.Json;

namespace Weft.WorkflowServer.Tests.Triggers;

public sealed class TriggerRoutingTests
{
    private static string Definition(string id, string route, string method = "POST", string answer = "ok") => $$"""
        { "id": "{{id}}",
          "nodes": [
            { "id": "trigger", "type": "http.trigger", "inputs": { "route": "{{route}}", "method": "{{method}}" } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": "{{answer}}" } }
          ],
          "edges": [{ "id": "e1", "source": "trigger", "target": "finish" }] }
        """;

    [Fact]
    public async Task Post_DefinitionOnlySaved_Answers404Problem()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.SaveDraftAsync(Definition("draft", "draft"));

        using var response = await server.Client.PostAsync("workflows/draft", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonObjectAsync())["detail"]!.GetValue<string>().ShouldBe("no published workflow answers POST /workflows/draft");
        (await server.CountInstancesAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Post_PublishedThenUnpublished_RouteIsRetracted()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Definition("retract", "retract"));
        using (var before = await server.Client.PostAsync("workflows/retract", null))
            before.StatusCode.ShouldBe(HttpStatusCode.OK);

        await server.UnpublishAsync("retract");

        using var after = await server.Client.PostAsync("workflows/retract", null);
        after.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_NewVersionWithAnotherRoute_RouteMoves()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Definition("mover", "old-place", answer: "v1"));
        using (var v1 = await server.Client.PostAsync("workflows/old-place", null))
            (await v1.Content.ReadAsStringAsync()).ShouldBe("\"v1\"");

        await server.PublishAsync(Definition("mover", "new-place", answer: "v2"));

        using var old = await server.Client.PostAsync("workflows/old-place", null);
        old.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var moved = await server.Client.PostAsync("workflows/new-place", null);
        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await moved.Content.ReadAsStringAsync()).ShouldBe("\"v2\"");
    }

    [Fact]
    public async Task Get_RouteAnswersOnlyPost_Answers405WithAllow()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Definition("post-only", "things/{id}"));

        using var response = await server.Client.GetAsync("workflows/things/1");

        await response.ShouldHaveStatusAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["POST"]);
        (await server.CountInstancesAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Get_ConstraintAndLiteralRoutes_MostSpecificAnswers()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Definition("by-id", "orders/{id:int}", "GET", "by-id"));
        await server.PublishAsync(Definition("latest", "orders/latest", "GET", "latest"));

        using var latest = await server.Client.GetAsync("workflows/orders/latest");
        using var byId = await server.Client.GetAsync("workflows/orders/12");
        using var neither = await server.Client.GetAsync("workflows/orders/abc");

        (await latest.Content.ReadAsStringAsync()).ShouldBe("\"latest\"");
        (await byId.Content.ReadAsStringAsync()).ShouldBe("\"by-id\"");
        neither.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_TwoWorkflowsClaimOneRoute_LastPublishedAnswers()
    {
        await using var server = await TriggerTestServer.StartAsync();
        // "a-earlier" would win a tie on the id, so "z-later" answering shows that recency decides.
        await server.PublishAsync(Definition("a-earlier", "shared", answer: "earlier"));
        var earlier = (await server.Store().ListDefinitionsAsync()).Single(d => d.Id == "a-earlier").UpdatedAt;
        // The store keeps publish times in milliseconds: let the clock pass the first publish.
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow > earlier, TimeSpan.FromSeconds(1)).ShouldBeTrue();
        await server.PublishAsync(Definition("z-later", "shared", answer: "later"));

        using var response = await server.Client.PostAsync("workflows/shared", null);

        (await response.Content.ReadAsStringAsync()).ShouldBe("\"later\"");
    }

    [Fact]
    public async Task Post_EncodedRouteValue_ReachesTheWorkflowDecoded()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "named",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "people/{name}" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": "{{ input.name }}" } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "finish" }] }
            """);

        using var response = await server.Client.PostAsync("workflows/people/J%C3%BCrgen%20M", null);

        (await response.Content.ReadFromJsonAsync<string>()).ShouldBe("J\u00FCrgen M");
    }
}
