using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Http;

namespace Weft.Engine.Tests.Activities.Http;

public sealed class HttpRequestActivityTests
{
    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static Task<ActivityResult> RunAsync(HttpActivityTestHost host, JsonObject inputs, CancellationToken cancellationToken = default) =>
        new HttpRequestActivity().ExecuteAsync(host.Context("http.request", inputs, cancellationToken)).AsTask();

    [Fact]
    public async Task ExecuteAsync_JsonBodyAndQuery_SendsJsonAndParsesTheAnswer()
    {
        var handler = new StubHandler(_ => Json("""{ "id": 7 }"""));
        var factory = new StubHttpClientFactory(handler);
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(factory);

        var result = await RunAsync(host, new JsonObject
        {
            ["url"] = "https://api.example.com/orders?x=1",
            ["method"] = "post",
            ["headers"] = new JsonObject { ["X-Trace"] = "abc", ["X-Count"] = 2 },
            ["query"] = new JsonObject { ["tag"] = new JsonArray("a b", "c"), ["skip"] = null },
            ["body"] = new JsonObject { ["name"] = "ada" },
        });

        factory.Names.ShouldBe([HttpClientSource.ClientName]);
        var (request, body) = handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Post);
        request.RequestUri!.AbsoluteUri.ShouldBe("https://api.example.com/orders?x=1&tag=a%20b&tag=c");
        request.Headers.GetValues("X-Trace").ShouldBe(["abc"]);
        request.Headers.GetValues("X-Count").ShouldBe(["2"]);
        request.Content!.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body.ShouldBe("""{"name":"ada"}""");

        var output = result.Output!.AsObject();
        output["status"]!.GetValue<int>().ShouldBe(200);
        output["headers"]!["content-type"]!.GetValue<string>().ShouldStartWith("application/json");
        output["body"]!["id"]!.GetValue<int>().ShouldBe(7);
    }
}
