using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>/api/documents over real Kestrel: upload (JSON and raw), list, get, delete, and every refusal as Problem Details.</summary>
public sealed class DocumentApiTests
{
    private static StringContent Raw(string text, string contentType) => new(text, Encoding.UTF8, contentType);

    [Fact]
    public async Task Upload_JsonMarkdown_IsStoredAndReadBack()
    {
        await using var host = await ServerHost.StartAsync();
        var response = await host.Client.PostJsonAsync("api/documents",
            """{ "text": "# Sleep\n\nGo to bed at ten.", "contentType": "text/markdown", "title": "Sleep notes", "metadata": { "team": "health" } }""");
        var info = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = info["id"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/api/documents/{id}");
        info["contentType"]!.GetValue<string>().ShouldBe("text/markdown");
        info["name"]!.GetValue<string>().ShouldBe("document.md");
        info["length"]!.GetValue<long>().ShouldBe(Encoding.UTF8.GetByteCount("# Sleep\n\nGo to bed at ten."));

        var got = await (await host.Client.GetAsync($"api/documents/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        got["text"]!.GetValue<string>().ShouldBe("# Sleep\n\nGo to bed at ten.");
        got["document"]!["title"]!.GetValue<string>().ShouldBe("Sleep notes");
        got["document"]!["metadata"]!["team"]!.GetValue<string>().ShouldBe("health");
    }

    [Fact]
    public async Task Upload_RawHtmlAboveTheApiBodyLimit_IsAcceptedUpToTheDocumentLimit()
    {
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:MaxRequestBodyBytes"] = "1000",
            ["Weft:Documents:MaxBytes"] = "5000",
        });
        var html = "<html><head><title>Plan</title></head><body>" + string.Concat(Enumerable.Repeat("<p>Walk every day.</p>", 100)) + "</body></html>";
        html.Length.ShouldBeInRange(1001, 5000);
        var response = await host.Client.PostAsync("api/documents?name=plan.html&title=Plan&id=plan-1", Raw(html, "text/html"));
        var info = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        info["id"]!.GetValue<string>().ShouldBe("plan-1");
        info["contentType"]!.GetValue<string>().ShouldBe("text/html");
        info["name"]!.GetValue<string>().ShouldBe("plan.html");

        // The same id again replaces the document: 200, not 201.
        (await host.Client.PostAsync("api/documents?id=plan-1", Raw("<p>Rest.</p>", "text/html"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var got = await (await host.Client.GetAsync("api/documents/plan-1")).ShouldBeJsonAsync(HttpStatusCode.OK);
        got["text"]!.GetValue<string>().ShouldBe("<p>Rest.</p>");
    }

    [Fact]
    public async Task List_ThreeDocuments_PagesNewestFirst()
    {
        await using var host = await ServerHost.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            (await host.Client.PostAsync($"api/documents?name={name}.txt", Raw("text " + name, "text/plain"))).StatusCode.ShouldBe(HttpStatusCode.Created);
            await Task.Delay(5); // distinct creation times (milliseconds) make newest-first observable
        }
        var first = await (await host.Client.GetAsync("api/documents?limit=2")).ShouldBeJsonAsync(HttpStatusCode.OK);
        first["items"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ShouldBe(["c.txt", "b.txt"]);
        first["nextOffset"]!.GetValue<int>().ShouldBe(2);
        var second = await (await host.Client.GetAsync("api/documents?limit=2&offset=2")).ShouldBeJsonAsync(HttpStatusCode.OK);
        second["items"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ShouldBe(["a.txt"]);
        second["nextOffset"].ShouldBeNull();
        second["items"]![0]!["text"].ShouldBeNull("the list leaves the content out");
    }

    [Fact]
    public async Task Delete_Document_IsGoneAfterwards()
    {
        await using var host = await ServerHost.StartAsync();
        (await host.Client.PostAsync("api/documents?id=gone", Raw("bye", "text/plain"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await host.Client.DeleteAsync("api/documents/gone")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await host.Client.GetAsync("api/documents/gone")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await host.Client.DeleteAsync("api/documents/gone")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Upload_BadInput_IsProblemDetailsNamingTheField()
    {
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Weft:Documents:MaxBytes"] = "1000" });
        var client = host.Client;
        await (await client.PostJsonAsync("api/documents", """{ "text": "   " }""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.text");
        await (await client.PostJsonAsync("api/documents", """{ "title": "no text" }""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.text");
        await (await client.PostJsonAsync("api/documents", """{ "text": "x", "contentType": "application/pdf" }""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.contentType");
        await (await client.PostJsonAsync("api/documents", """{ "text": 42 }""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.text");
        await (await client.PostJsonAsync("api/documents", """{ "text": "x", "id": "a/b" }""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.id");
        await (await client.PostAsync("api/documents", Raw("%PDF-1.7", "application/pdf"))).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "Content-Type");
        await (await client.PostAsync("api/documents", Raw("  \n ", "text/plain"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "body");

        var big = new string('a', 1001);
        var tooLarge = await (await client.PostJsonAsync("api/documents", new JsonObject { ["text"] = big }.ToJsonString())).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "$.text");
        tooLarge["detail"]!.GetValue<string>().ShouldContain("Weft:Documents:MaxBytes");
        await (await client.PostAsync("api/documents", Raw(big, "text/plain"))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        await (await client.GetAsync("api/documents/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await client.GetAsync("api/documents?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync("api/documents?offset=x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "offset");
        (await (await client.GetAsync("api/documents")).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().ShouldBeEmpty("nothing refused was stored");
    }
}
