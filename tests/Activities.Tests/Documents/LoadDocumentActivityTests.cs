using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Weft.Activities.Documents;
using Weft.Activities.Tests.DataTesting;

namespace Weft.Activities.Tests.Documents;

public sealed class LoadDocumentActivityTests : IAsyncLifetime
{
    private static readonly JsonObject ThreeAttempts = new() { ["maxAttempts"] = 3, ["initialInterval"] = "00:00:00.010" };
    private readonly TempDirectory _directory = new();
    private LoopbackServer _server = null!;
    private int _flakyCalls;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/page.html", () => Results.Text("<html><head><title>Page</title><script>x()</script></head><body><nav>menu</nav><h1>Hello</h1><p>World of <i>text</i>.</p></body></html>", "text/html; charset=utf-8"));
        app.MapGet("/notes.md", () => Results.Text("# Notes\n\nSome *markdown*.\n", "text/markdown"));
        app.MapGet("/plain.txt", () => Results.Text("Just text.\r\nTwo lines.", "text/plain"));
        app.MapGet("/readme.md", () => Results.Text("# Readme\n\n- a\n- b", "text/plain"));
        app.MapGet("/big", () => Results.Text(new string('a', 3000), "text/plain"));
        app.MapGet("/big-chunked", async context =>
        {
            context.Response.ContentType = "text/plain";
            for (var i = 0; i < 10; i++) await context.Response.WriteAsync(new string('b', 500));
        });
        app.MapGet("/image.png", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0], "image/png"));
        app.MapGet("/down", () => Results.StatusCode(503));
        app.MapGet("/flaky", () => Interlocked.Increment(ref _flakyCalls) == 1 ? Results.StatusCode(500) : Results.Text("Recovered.", "text/plain"));
        app.MapGet("/moved", () => Results.Redirect("/page.html"));
        app.MapGet("/away", () => Results.Redirect("http://localhost:1/elsewhere"));
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task DocumentLoad_HtmlUrl_ReturnsReadableTextAndTitle()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("page.html").ToString() });

        run.Output["text"]!.GetValue<string>().ShouldBe("Hello\n\nWorld of text.");
        run.Output["title"]!.GetValue<string>().ShouldBe("Page");
        run.Output["format"]!.GetValue<string>().ShouldBe("html");
        run.Output["contentType"]!.GetValue<string>().ShouldBe("text/html");
        run.Output["length"]!.GetValue<int>().ShouldBe("Hello\n\nWorld of text.".Length);
        run.Output["url"]!.GetValue<string>().ShouldBe(_server.Url("page.html").ToString());
        run.Output.ContainsKey("documentId").ShouldBeFalse();
    }

    [Theory]
    [InlineData("notes.md", "markdown", "Notes\n\nSome markdown.", "Notes")]
    [InlineData("plain.txt", "text", "Just text.\nTwo lines.", null)]
    [InlineData("readme.md", "markdown", "Readme\n\n- a\n- b", "Readme")]
    public async Task DocumentLoad_MarkdownAndTextUrls_AreConverted(string path, string format, string text, string? title)
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url(path).ToString() });

        run.Output["format"]!.GetValue<string>().ShouldBe(format);
        run.Output["text"]!.GetValue<string>().ShouldBe(text);
        (run.Output["title"]?.GetValue<string>()).ShouldBe(title);
    }

    [Fact]
    public async Task DocumentLoad_Redirect_IsFollowedAndReportsTheFinalUrl()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("moved").ToString() });

        run.Output["url"]!.GetValue<string>().ShouldEndWith("/page.html");
        run.Output["title"]!.GetValue<string>().ShouldBe("Page");
    }

    [Fact]
    public async Task DocumentLoad_NotFound_FailsOnceAsDocumentUnavailable()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("missing").ToString() }, ThreeAttempts);

        run.Error.Type.ShouldBe("DocumentUnavailable");
        run.Error.Message.ShouldContain("404");
        run.Error.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task DocumentLoad_ServerError_IsRetriedAsDocumentUnavailable()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("down").ToString() }, ThreeAttempts);

        run.Error.Type.ShouldBe("DocumentUnavailable");
        run.Error.Attempt.ShouldBe(3);
    }

    [Fact]
    public async Task DocumentLoad_ServerErrorThenSuccess_CompletesOnTheRetry()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("flaky").ToString() }, ThreeAttempts);

        run.Output["text"]!.GetValue<string>().ShouldBe("Recovered.");
        _flakyCalls.ShouldBe(2);
    }

    [Fact]
    public async Task DocumentLoad_UnreachableHost_IsRetriedAsDocumentUnavailable()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = "http://127.0.0.1:1/nothing-listens" }, ThreeAttempts);

        run.Error.Type.ShouldBe("DocumentUnavailable");
        run.Error.Attempt.ShouldBe(3);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("big-chunked")]
    public async Task DocumentLoad_LargerThanTheLimit_FailsOnceAsDocumentTooLarge(string path)
    {
        await using var harness = await Harness(new DocumentLoadOptions { MaxBytes = 2048 });

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url(path).ToString() }, ThreeAttempts);

        run.Error.Type.ShouldBe("DocumentTooLarge");
        run.Error.Message.ShouldContain("2,048");
        run.Error.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task DocumentLoad_HostNotOnTheAllowList_FailsOnceWithoutFetching()
    {
        await using var harness = await Harness(new DocumentLoadOptions { AllowedHosts = ["docs.example.com", "*.example.org"] });

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("page.html").ToString() }, ThreeAttempts);

        run.Error.Type.ShouldBe("HostNotAllowed");
        run.Error.Message.ShouldContain("127.0.0.1");
        run.Error.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task DocumentLoad_RedirectToAHostNotOnTheAllowList_IsRefused()
    {
        await using var harness = await Harness(new DocumentLoadOptions { AllowedHosts = ["127.0.0.1"] });

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("away").ToString() });

        run.Error.Type.ShouldBe("HostNotAllowed");
        run.Error.Message.ShouldContain("localhost");
    }

    [Fact]
    public async Task DocumentLoad_UnsupportedContentType_FailsWithValidationError()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("image.png").ToString() });

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain("image/png");
    }

    [Theory]
    [InlineData("ftp://example.com/file.txt")]
    [InlineData("not a url")]
    public async Task DocumentLoad_NonHttpUrl_FailsWithValidationErrorNamingUrl(string url)
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = url });

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain("'url'");
    }

    [Fact]
    public async Task DocumentLoad_BothUrlAndDocumentId_FailsWithValidationError()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["url"] = _server.Url("page.html").ToString(), ["documentId"] = "d1" });

        run.Error.Type.ShouldBe("ValidationError");
    }

    [Fact]
    public async Task DocumentLoad_StoredDocument_IsReadFromTheDocumentStore()
    {
        using var store = new SqliteDocumentStore(_directory.File("documents.db"));
        var saved = await store.SaveAsync(new DocumentUpload("guide", "guide.md", "text/markdown", Encoding.UTF8.GetBytes("# Guide\n\nStep one.")));
        await using var harness = await Harness(store: store);

        var run = await harness.RunAsync("document.load", new JsonObject { ["documentId"] = saved.Id });

        run.Output["documentId"]!.GetValue<string>().ShouldBe("guide");
        run.Output["title"]!.GetValue<string>().ShouldBe("Guide");
        run.Output["text"]!.GetValue<string>().ShouldBe("Guide\n\nStep one.");
        run.Output["format"]!.GetValue<string>().ShouldBe("markdown");
        run.Output.ContainsKey("url").ShouldBeFalse();
    }

    [Fact]
    public async Task DocumentLoad_StoredDocumentLargerThanTheLimit_FailsAsDocumentTooLarge()
    {
        using var store = new SqliteDocumentStore(_directory.File("documents.db"));
        await store.SaveAsync(new DocumentUpload("huge", "huge.txt", "text/plain", new byte[5000]));
        await using var harness = await Harness(new DocumentLoadOptions { MaxBytes = 4096 }, store);

        var run = await harness.RunAsync("document.load", new JsonObject { ["documentId"] = "huge" });

        run.Error.Type.ShouldBe("DocumentTooLarge");
    }

    [Fact]
    public async Task DocumentLoad_UnknownDocumentId_FailsOnceAsDocumentUnavailable()
    {
        using var store = new SqliteDocumentStore(_directory.File("documents.db"));
        await using var harness = await Harness(store: store);

        var run = await harness.RunAsync("document.load", new JsonObject { ["documentId"] = "nope" }, ThreeAttempts);

        run.Error.Type.ShouldBe("DocumentUnavailable");
        run.Error.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task DocumentLoad_DocumentIdWithoutAStore_FailsAsConfigurationError()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("document.load", new JsonObject { ["documentId"] = "x" });

        run.Error.Type.ShouldBe("ConfigurationError");
        run.Error.Message.ShouldContain(nameof(IDocumentStore));
    }

    private async Task<ActivityHarness> Harness(DocumentLoadOptions? options = null, IDocumentStore? store = null)
    {
        var services = new TestServices().Add(new DocumentFetcher(options ?? new DocumentLoadOptions()));
        if (store is not null) services.Add(store);
        return await ActivityHarness.StartAsync(_directory, services);
    }
}
