using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Weft.Studio.Tests.Hosting;

namespace Weft.Studio.Tests.Forwarding;

public sealed class ApiForwarderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string?> Settings(UpstreamHost upstream, string? key = "studio-key") => new()
    {
        ["Weft:Studio:ServerUrl"] = upstream.BaseAddress.ToString(),
        ["Weft:Studio:ApiKey"] = key,
    };

    private static async Task Echo(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 207;
        context.Response.Headers["X-Upstream"] = "yes";
        await context.Response.WriteAsJsonAsync(new
        {
            method = context.Request.Method,
            path = context.Request.Path.Value,
            query = context.Request.QueryString.Value,
            apiKey = context.Request.Headers["X-Api-Key"].ToString(),
            lastEventId = context.Request.Headers["Last-Event-ID"].ToString(),
            contentType = context.Request.ContentType,
            custom = context.Request.Headers["X-Custom"].ToString(),
            body,
        });
    }

    [Fact]
    public async Task Forward_GetWithQuery_CopiesStatusHeadersAndBodyAndAddsTheConfiguredKey()
    {
        await using var upstream = await UpstreamHost.StartAsync(app => app.Map("/api/{**rest}", Echo));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/instances?status=running&take=5");
        request.Headers.Add("X-Api-Key", "a-key-the-browser-should-not-get-through");
        request.Headers.Add("X-Custom", "kept");
        using var response = await studio.Client.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(207);
        response.Headers.GetValues("X-Upstream").ShouldBe(["yes"]);
        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        echo.GetProperty("method").GetString().ShouldBe("GET");
        echo.GetProperty("path").GetString().ShouldBe("/api/instances");
        echo.GetProperty("query").GetString().ShouldBe("?status=running&take=5");
        echo.GetProperty("apiKey").GetString().ShouldBe("studio-key");
        echo.GetProperty("custom").GetString().ShouldBe("kept");
    }

    [Fact]
    public async Task Forward_PostJson_SendsTheBodyAndContentType()
    {
        await using var upstream = await UpstreamHost.StartAsync(app => app.Map("/api/{**rest}", Echo));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));

        using var content = new StringContent("""{"definitionId":"hello"}""", Encoding.UTF8, "application/json");
        using var response = await studio.Client.PostAsync("/api/instances", content);

        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        echo.GetProperty("method").GetString().ShouldBe("POST");
        echo.GetProperty("body").GetString().ShouldBe("""{"definitionId":"hello"}""");
        echo.GetProperty("contentType").GetString()!.ShouldStartWith("application/json");
    }

    [Fact]
    public async Task Forward_ChunkedUpload_StreamsTheBodyBeforeItEnds()
    {
        // The server answers as soon as it has read the first chunk: a forwarder that buffered the upload would never send it.
        var firstChunkSeen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await UpstreamHost.StartAsync(app => app.MapPost("/api/upload", async context =>
        {
            var buffer = new byte[5];
            await context.Request.Body.ReadExactlyAsync(buffer);
            firstChunkSeen.SetResult(Encoding.ASCII.GetString(buffer));
            await context.Response.WriteAsync("got it");
        }));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));

        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var content = new PushContent(async stream =>
        {
            await stream.WriteAsync("first"u8.ToArray());
            await stream.FlushAsync();
            await rest.Task.WaitAsync(Bound);
            await stream.WriteAsync("second"u8.ToArray());
        });
        var sending = studio.Client.PostAsync("/api/upload", content);

        (await firstChunkSeen.Task.WaitAsync(Bound)).ShouldBe("first");
        rest.SetResult();
        using var response = await sending.WaitAsync(Bound);
        (await response.Content.ReadAsStringAsync()).ShouldBe("got it");
    }

    [Fact]
    public async Task Forward_EventStream_DeliversEachEventBeforeTheNextIsWrittenAndForwardsLastEventId()
    {
        var secondMayGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? lastEventId = null;
        await using var upstream = await UpstreamHost.StartAsync(app => app.MapGet("/api/instances/{id}/events", async (HttpContext context) =>
        {
            lastEventId = context.Request.Headers["Last-Event-ID"];
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("id: 4\nevent: node.started\ndata: {}\n\n");
            await context.Response.Body.FlushAsync();
            await secondMayGo.Task.WaitAsync(Bound);
            await context.Response.WriteAsync("id: 5\nevent: node.completed\ndata: {}\n\n");
        }));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/instances/i-1/events");
        request.Headers.Add("Last-Event-ID", "3");
        using var response = await studio.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("id: 4");
        lastEventId.ShouldBe("3");
        secondMayGo.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(Bound);
        rest.ShouldContain("id: 5\nevent: node.completed");
    }

    [Fact]
    public async Task Forward_ServerUnreachable_Answers502ProblemDetailsNamingTheServer()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        await using var studio = await StudioHost.StartAsync(new Dictionary<string, string?> { ["Weft:Studio:ServerUrl"] = $"http://127.0.0.1:{port}" });

        using var response = await studio.Client.GetAsync("/api/definitions");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(502);
        problem.GetProperty("server").GetString().ShouldBe($"http://127.0.0.1:{port}");
        problem.GetProperty("detail").GetString()!.ShouldContain("Weft:Studio:ServerUrl");
    }

    [Fact]
    public async Task Forward_AspireServiceAddress_WinsOverServerUrl()
    {
        await using var upstream = await UpstreamHost.StartAsync(app => app.Map("/api/{**rest}", Echo));
        await using var studio = await StudioHost.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:Studio:ServerUrl"] = "http://127.0.0.1:1", // nothing listens on port 1
            ["services:workflowserver:http:0"] = upstream.BaseAddress.ToString(),
        });

        using var response = await studio.Client.GetAsync("/api/queues");

        ((int)response.StatusCode).ShouldBe(207);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("apiKey").GetString().ShouldBe("");
    }

    [Fact]
    public async Task Forward_HopByHopHeaders_AreNotCopied()
    {
        await using var upstream = await UpstreamHost.StartAsync(app => app.MapGet("/api/x", (HttpContext context) =>
        {
            context.Response.Headers["Keep-Alive"] = "timeout=5";
            context.Response.Headers["X-Kept"] = "1";
            return Results.Text(context.Request.Headers.ContainsKey("Proxy-Authorization") ? "leaked" : "clean");
        }));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic abc");
        using var response = await studio.Client.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).ShouldBe("clean");
        response.Headers.Contains("Keep-Alive").ShouldBeFalse();
        response.Headers.GetValues("X-Kept").ShouldBe(["1"]);
    }

    [Fact]
    public async Task Forward_BrowserClosesTheEventStream_TheServerSeesItsRequestAborted()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await UpstreamHost.StartAsync(app => app.MapGet("/api/instances/{id}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(": open\n\n");
            await context.Response.Body.FlushAsync();
            started.SetResult();
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { aborted.SetResult(); }
        }));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));

        var response = await studio.Client.GetAsync("/api/instances/i-1/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        await started.Task.WaitAsync(Bound);
        response.Dispose(); // the browser navigates away

        await aborted.Task.WaitAsync(Bound); // the forwarder let go of the server's stream too: nothing leaks
    }

    [Fact]
    public async Task Forward_ServerStopsMidStream_TheBrowsersStreamEnds()
    {
        var upstream = await UpstreamHost.StartAsync(app => app.MapGet("/api/instances/{id}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("id: 1\nevent: node.started\ndata: {}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        await using var studio = await StudioHost.StartAsync(Settings(upstream));
        using var response = await studio.Client.GetAsync("/api/instances/i-1/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync().WaitAsync(Bound)).ShouldBe("id: 1");

        await upstream.DisposeAsync(); // the server goes away mid-stream

        // The browser sees its stream end (EventSource then reconnects with Last-Event-ID) instead of hanging.
        var ended = async () => { while (await reader.ReadLineAsync() is not null) { } };
        try { await ended().WaitAsync(Bound); }
        catch (HttpRequestException) { /* an aborted chunked response also ends the stream */ }
        catch (IOException) { /* likewise */ }
    }

    /// <summary>A request body written by the test as it goes (chunked), to prove the forwarder does not wait for its end.</summary>
    private sealed class PushContent(Func<Stream, Task> write) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => write(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
