using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>workflows/document-ingestion.json (and document-search.json) end to end over HTTP, with the offline embedder.</summary>
public sealed class DocumentIngestionSampleTests
{
    private static readonly string[] Samples = ["document-ingestion", "document-search"];

    private const string Guide = """
        # Sleep guide

        Keep a fixed bedtime. Going to bed at the same hour every night trains the body clock.

        Avoid screens for an hour before sleep; their blue light delays melatonin.

        A cool, dark bedroom helps: around eighteen degrees is ideal for most people.

        Caffeine lingers for hours, so the last coffee of the day should come before noon.
        """;

    private static async Task<string> UploadAsync(HttpClient client, string text, string contentType = "text/markdown")
    {
        var response = await client.PostJsonAsync("api/documents", new JsonObject { ["text"] = text, ["contentType"] = contentType }.ToJsonString());
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private static async Task<string> IngestAsync(HttpClient client, JsonObject body)
    {
        var response = await client.PostJsonAsync("workflows/documents/ingest", body.ToJsonString());
        var accepted = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var id = accepted["instanceId"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/api/instances/{id}");
        return id;
    }

    [Fact]
    public async Task Ingest_UploadedDocument_EndsWithVectorsSearchableViaVectorSearch()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        var documentId = await UploadAsync(server.Client, Guide);
        var id = await IngestAsync(server.Client, new JsonObject { ["documentId"] = documentId, ["chunkSize"] = 120, ["overlap"] = 10 });

        var done = await server.Host.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        done.Status.ShouldBe(InstanceStatus.Completed, done.Error?.Message);
        var output = done.Output!;
        output["documentId"]!.GetValue<string>().ShouldBe(documentId);
        output["title"]!.GetValue<string>().ShouldBe("Sleep guide");
        output["collection"]!.GetValue<string>().ShouldBe("documents");
        output["chunks"]!.GetValue<int>().ShouldBeGreaterThan(3);
        output["upserted"]!.GetValue<int>().ShouldBe(output["chunks"]!.GetValue<int>());
        output["dimensions"]!.GetValue<int>().ShouldBe(384);

        var search = await (await server.Client.GetAsync($"workflows/documents/search?q={Uri.EscapeDataString("a cool and dark bedroom, eighteen degrees")}&topK=2&documentId={documentId}"))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var matches = search["matches"]!.AsArray();
        matches.Count.ShouldBe(2);
        matches[0]!["text"]!.GetValue<string>().ShouldContain("cool, dark bedroom");
        matches[0]!["metadata"]!["documentId"]!.GetValue<string>().ShouldBe(documentId);

        // Ingesting the same document again overwrites its points rather than adding a second copy.
        var again = await IngestAsync(server.Client, new JsonObject { ["documentId"] = documentId, ["chunkSize"] = 120, ["overlap"] = 10 });
        (await server.Host.Workflows.WaitAsync(again, cancellationToken: ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Completed);
        var all = await (await server.Client.GetAsync($"workflows/documents/search?q=sleep&topK=100")).ShouldBeJsonAsync(HttpStatusCode.OK);
        all["matches"]!.AsArray().Count.ShouldBe(output["chunks"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ingest_AllowListedUrl_IsLoadedChunkedAndSearchable()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        var id = await IngestAsync(server.Client, new JsonObject { ["url"] = server.Context.GuideUrl.ToString(), ["collection"] = "guides" });
        var done = await server.Host.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        done.Status.ShouldBe(InstanceStatus.Completed, done.Error?.Message);
        done.Output!["url"]!.GetValue<string>().ShouldBe(server.Context.GuideUrl.ToString());
        done.Output!["title"]!.GetValue<string>().ShouldBe("Running guide");
        done.Output!["upserted"]!.GetValue<int>().ShouldBeGreaterThan(0);

        var search = await (await server.Client.GetAsync("workflows/documents/search?collection=guides&topK=1&q=warm%20up%20before%20a%20run")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var match = search["matches"]!.AsArray().ShouldHaveSingleItem()!;
        match["text"]!.GetValue<string>().ShouldContain("Warm up for ten minutes");
        match["metadata"]!["source"]!.GetValue<string>().ShouldBe(server.Context.GuideUrl.ToString());
    }

    [Fact]
    public async Task Ingest_BadInput_FailsWithAClearNodeError()
    {
        await using var server = await SampleServer.StartAsync(Samples);

        async Task<(InstanceSnapshot Done, JsonArray Journal)> RunAsync(JsonObject body)
        {
            var id = await IngestAsync(server.Client, body);
            var done = await server.Host.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
            done.Status.ShouldBe(InstanceStatus.Faulted);
            return (done, await server.JournalAsync(id));
        }

        // An unknown document id.
        var (unknown, _) = await RunAsync(new JsonObject { ["documentId"] = "no-such-document" });
        unknown.Error!.Type.ShouldBe("DocumentUnavailable");
        unknown.Error.NodeId.ShouldBe("load");
        unknown.Error.Message.ShouldContain("no-such-document");

        // A document with no readable text: nothing is chunked or written.
        var emptyId = await UploadAsync(server.Client, "<html><body><p> </p><script>track()</script></body></html>", "text/html");
        var (empty, emptyJournal) = await RunAsync(new JsonObject { ["documentId"] = emptyId });
        empty.Error!.Type.ShouldBe("ValidationError");
        empty.Error.NodeId.ShouldBe("chunk");
        empty.Error.Message.ShouldContain("empty");
        emptyJournal.ShouldNotContain(e => e!["nodeId"]!.GetValue<string>() == "embedAndUpsert");

        // An unreachable URL: retried per the node's policy (3 attempts), then a connection error naming it.
        var port = ClosedPort();
        var (unreachable, unreachableJournal) = await RunAsync(new JsonObject { ["url"] = $"http://127.0.0.1:{port}/guide.md" });
        unreachable.Error!.NodeId.ShouldBe("load");
        unreachable.Error.Message.ShouldContain($"127.0.0.1:{port}");
        unreachableJournal.Count(e => e!["nodeId"]!.GetValue<string>() == "load").ShouldBe(3);

        // A host that is not allow-listed: refused at once, not retried.
        var (refused, refusedJournal) = await RunAsync(new JsonObject { ["url"] = "http://docs.example.com/guide.md" });
        refused.Error!.Type.ShouldBe("HostNotAllowed");
        refusedJournal.Count(e => e!["nodeId"]!.GetValue<string>() == "load").ShouldBe(1);

        // Neither input: the load node says what it needs.
        var (neither, _) = await RunAsync([]);
        neither.Error!.Type.ShouldBe("ValidationError");
        neither.Error.Message.ShouldContain("'url' and 'documentId'");

        // Wrong input types are refused before an instance exists.
        var before = (await server.InstancesAsync("document-ingestion")).Count;
        var wrongType = await server.Client.PostJsonAsync("workflows/documents/ingest", """{ "documentId": "x", "chunkSize": "big" }""");
        (await wrongType.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("chunkSize");
        var numberId = await server.Client.PostJsonAsync("workflows/documents/ingest", """{ "documentId": 42 }""");
        (await numberId.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("documentId");
        (await server.InstancesAsync("document-ingestion")).Count.ShouldBe(before);
    }

    [Fact]
    public async Task Ingest_DocumentOverTheLoadLimit_FailsAtLoadWithoutRetrying()
    {
        // The upload limit is raised above what document.load reads (5 MiB), so the node is what refuses it.
        await using var server = await SampleServer.StartAsync(Samples, new Dictionary<string, string?> { ["Weft:Documents:MaxBytes"] = (6 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var paragraph = "Walk in the morning light to wake up properly. ";
        var text = string.Concat(Enumerable.Repeat(paragraph, (5 * 1024 * 1024 / paragraph.Length) + 10));
        var response = await server.Client.PostAsync("api/documents?name=huge.txt", new StringContent(text, System.Text.Encoding.UTF8, "text/plain"));
        var documentId = (await response.ShouldBeJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        var id = await IngestAsync(server.Client, new JsonObject { ["documentId"] = documentId });
        var done = await server.Host.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        done.Status.ShouldBe(InstanceStatus.Faulted);
        done.Error!.Type.ShouldBe("DocumentTooLarge");
        done.Error.NodeId.ShouldBe("load");
        (await server.JournalAsync(id)).Count(e => e!["nodeId"]!.GetValue<string>() == "load").ShouldBe(1);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
