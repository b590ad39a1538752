using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Tests.OtlpTests;

namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>The dashboard app's token protection and the JSON API its pages use.</summary>
public sealed class DashboardApiTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static HttpClient Anonymous(DashboardHost host, bool cookies = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies }) { BaseAddress = host.Server.Url, Timeout = Bound };

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task Api_WithoutOrWithWrongToken_Returns401(string? bearer)
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = Anonymous(host);
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        foreach (var path in new[] { "api/resources", "api/traces", "api/retention", "api/console/server/download" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
        }
        using var command = await client.PostAsync("api/resources/server/commands/restart", null);
        command.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        host.Catalog.Commands.Reader.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Login_WithWrongToken_Returns401AndSetsNoCookie()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = Anonymous(host);
        using var response = await client.GetAsync("login?t=wrong");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task Login_WithToken_SetsHttpOnlyCookieThatOpensTheApi()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = Anonymous(host, cookies: true);
        using (var page = await client.GetAsync("/"))
        {
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            page.Headers.Location!.ToString().ShouldBe("/login");
        }
        using (var login = await client.GetAsync($"login?t={host.Server.Token}"))
        {
            login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            login.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem().ShouldContain("httponly", Case.Insensitive);
        }
        using var resources = await client.GetAsync("api/resources");
        resources.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var index = await client.GetAsync("/");
        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await index.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"nav-traces\"");
    }

    [Fact]
    public async Task Command_OnKnownResource_CallsCatalogExecute()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Running, "http://127.0.0.1:5080"));
        using var response = await host.Api.PostAsync("api/resources/server/commands/Restart", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Catalog.Commands.Reader.TryRead(out var executed).ShouldBeTrue();
        executed.ShouldBe(("server", ResourceCommand.Restart));
    }

    [Theory]
    [InlineData("server", "explode", HttpStatusCode.BadRequest, "command")]
    [InlineData("server", "3", HttpStatusCode.BadRequest, "command")]
    [InlineData("nobody", "stop", HttpStatusCode.NotFound, "name")]
    public async Task Command_Invalid_ReturnsProblemNamingTheField(string resource, string command, HttpStatusCode status, string field)
    {
        await using var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Running));
        using var response = await host.Api.PostAsync($"api/resources/{resource}/commands/{command}", null);
        response.StatusCode.ShouldBe(status);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString()!.ShouldStartWith(field + ":");
        host.Catalog.Commands.Reader.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public async Task ConsoleDownload_ReturnsEveryLineWithTimestampAndStream()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Running));
        for (var i = 0; i < 1500; i++) host.Catalog.Write("server", $"line {i}", isError: i == 7);
        host.Catalog.Write("other", "not mine");
        using var response = await host.Api.GetAsync("api/console/server/download");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("server-console.txt");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1500);
        lines[0].ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 OUT line 0$");
        lines[7].ShouldContain(" ERR line 7");
        lines[^1].ShouldEndWith("OUT line 1499");
    }

    [Fact]
    public async Task ResourceStream_SendsSnapshotThenEachChange()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Starting));
        using var timeout = new CancellationTokenSource(Bound);
        using var response = await host.Api.GetAsync("api/resources/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var (name, data) = await NextEventAsync(reader, timeout.Token);
        name.ShouldBe("snapshot");
        data.ShouldContain("\"state\":\"Starting\"");

        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Running));
        (name, data) = await NextEventAsync(reader, timeout.Token);
        name.ShouldBe("resource");
        data.ShouldContain("\"state\":\"Running\"");
    }

    [Fact]
    public async Task ConsoleStream_SendsBacklogThenLiveLinesOfThatResourceOnly()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Running));
        host.Catalog.Write("server", "before");
        using var timeout = new CancellationTokenSource(Bound);
        using var response = await host.Api.GetAsync("api/console/server/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        (await NextEventAsync(reader, timeout.Token)).Data.ShouldContain("\"text\":\"before\"");
        host.Catalog.Write("other", "elsewhere");
        host.Catalog.Write("server", "after");
        (await NextEventAsync(reader, timeout.Token)).Data.ShouldContain("\"text\":\"after\"");
    }

    [Fact]
    public async Task DisposeAsync_WithOpenEventStreams_StopsPromptlyAndEndsThem()
    {
        var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("server", ResourceState.Running));
        using var client = new HttpClient { BaseAddress = host.Server.Url, Timeout = Bound };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Server.Token);
        using var timeout = new CancellationTokenSource(Bound);
        using var stream = await client.GetAsync("api/resources/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        (await NextEventAsync(reader, timeout.Token)).Name.ShouldBe("snapshot");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await host.DisposeAsync();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "an open SSE stream must not hold up shutdown");
        await Should.ThrowAsync<Exception>(async () => await NextEventAsync(reader, timeout.Token));
        timeout.IsCancellationRequested.ShouldBeFalse();
    }

    [Fact]
    public async Task Trace_WithAZeroSpanId_StillShowsEverySpanAsARoot()
    {
        await using var host = await DashboardHost.StartAsync();
        var traceId = new byte[16];
        traceId[0] = 0x42;
        var payload = new ProtoWriter().Message(1, rs => rs.Message(2, ss =>
        {
            ss.Message(2, span => span.Bytes(1, traceId).Bytes(2, new byte[8]).String(5, "zero id"));
            ss.Message(2, span => span.Bytes(1, traceId).Bytes(2, [0, 0, 0, 0, 0, 0, 0, 9]).String(5, "normal"));
        })).ToArray();
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.Add("x-otlp-api-key", host.Server.OtlpApiKey);
        using (var post = await host.Otlp.PostAsync("v1/traces", content)) post.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var trace = JsonDocument.Parse(await host.Api.GetStringAsync($"api/traces/{Convert.ToHexStringLower(traceId)}"));
        trace.RootElement.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["zero id", "normal"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("00000000000000000000000000000001")]
    public async Task Trace_UnknownOrInvalidId_Returns404(string traceId)
    {
        await using var host = await DashboardHost.StartAsync();
        using var response = await host.Api.GetAsync($"api/traces/{traceId}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Traces_WithNegativeMinDuration_ReturnsProblemNamingTheFilter()
    {
        await using var host = await DashboardHost.StartAsync();
        using var response = await host.Api.GetAsync("api/traces?minDurationMs=-3");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("minDurationMs:");
    }

    private static async Task<(string Name, string Data)> NextEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? name = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
            else if (line.Length == 0 && name is not null && data is not null) return (name, data);
        }
        throw new EndOfStreamException("the event stream ended");
    }
}
