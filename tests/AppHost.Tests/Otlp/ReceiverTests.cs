using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Weft.AppHost.Otlp;
using Weft.AppHost.Tests.DashboardTests;

namespace Weft.AppHost.Tests.OtlpTests;

/// <summary>The receiver's HTTP contract: key, content type, malformed payloads, retention.</summary>
public sealed class ReceiverTests
{
    private static HttpRequestMessage Post(string signal, byte[] body, string? key, string contentType = OtlpReceiver.ProtobufContentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, signal) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (key is not null) request.Headers.Add(OtlpReceiver.ApiKeyHeader, key);
        return request;
    }

    [Theory]
    [InlineData("v1/traces", null)]
    [InlineData("v1/traces", "wrong-key")]
    [InlineData("v1/logs", null)]
    [InlineData("v1/metrics", "")]
    public async Task Post_WithoutOrWithWrongApiKey_Returns401AndStoresNothing(string signal, string? key)
    {
        await using var host = await DashboardHost.StartAsync();
        using var response = await host.Otlp.SendAsync(Post(signal, ProtoWriter.Traces("svc", "a"), key));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain(OtlpReceiver.ApiKeyHeader);
        host.Server.Telemetry.Counts().Spans.Received.ShouldBe(0);
    }

    [Fact]
    public async Task Post_WithKeyAndProtobuf_Returns200ProtobufAndStoresSpans()
    {
        await using var host = await DashboardHost.StartAsync();
        using var response = await host.Otlp.SendAsync(Post("v1/traces", ProtoWriter.Traces("svc", "a", "b"), host.Server.OtlpApiKey));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(OtlpReceiver.ProtobufContentType);
        host.Server.Telemetry.Spans().Select(s => s.Name).ShouldBe(["a", "b"]);
        host.Server.Telemetry.Spans().ShouldAllBe(s => s.Resource.Name == "svc" && s.Scope == "hand.made");
    }

    [Fact]
    public async Task Post_JsonContentType_Returns415()
    {
        await using var host = await DashboardHost.StartAsync();
        using var response = await host.Otlp.SendAsync(Post("v1/traces", "{}"u8.ToArray(), host.Server.OtlpApiKey, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    public static TheoryData<string, string, byte[]> MalformedPayloads()
    {
        var valid = ProtoWriter.Traces("svc", "first", "second");
        var invalidUtf8 = new ProtoWriter().Message(1, rs => rs.Message(2, ss => ss.Message(2, span =>
        {
            ProtoWriter.Span(span, "x", 0);
            span.Bytes(5, [0xC3, 0x28]);
        }))).ToArray();
        return new TheoryData<string, string, byte[]>
        {
            { "v1/traces", "truncated: the second span is cut off", valid[..^7] },
            { "v1/traces", "wrong wire type: resource_spans as a varint", new ProtoWriter().Varint(1, 1).ToArray() },
            { "v1/traces", "wrong wire type: span name as fixed64", new ProtoWriter().Message(1, rs => rs.Message(2, ss => ss.Message(2, span =>
                { ProtoWriter.Span(span, "ok", 0); span.Fixed64(5, 42); }))).ToArray() },
            { "v1/traces", "garbage text", Encoding.ASCII.GetBytes("this is not protobuf at all") },
            { "v1/traces", "a 3-byte trace id", new ProtoWriter().Message(1, rs => rs.Message(2, ss => ss.Message(2, span =>
                span.Bytes(1, [1, 2, 3]).Bytes(2, new byte[8])))).ToArray() },
            { "v1/traces", "span name not UTF-8", invalidUtf8 },
            { "v1/traces", "length past the end", [0x0A, 0xFF, 0x01, 0x00] },
            { "v1/traces", "varint longer than 10 bytes", [0x08, .. Enumerable.Repeat((byte)0xFF, 11), 0x01] },
            { "v1/logs", "wrong wire type: severity as a string", new ProtoWriter().Message(1, rl => rl.Message(2, sl => sl.Message(2, log =>
                log.String(2, "WARN")))).ToArray() },
            { "v1/logs", "garbage", [0xFF, 0xFF, 0xFF, 0xFF] },
            { "v1/metrics", "histogram bounds not a multiple of 8 bytes", new ProtoWriter().Message(1, rm => rm.Message(2, sm => sm.Message(2, m =>
                m.String(1, "h").Message(9, h => h.Message(1, p => p.Bytes(7, [1, 2, 3])))))).ToArray() },
            { "v1/metrics", "metric name sent as a cut-off fixed64", [0x0A, 0x05, 0x12, 0x03, 0x12, 0x01, 0x09] },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public async Task Post_MalformedPayload_Returns400AndLeavesStoreUnchanged(string signal, string why, byte[] payload)
    {
        await using var host = await DashboardHost.StartAsync();
        using (var seed = await host.Otlp.SendAsync(Post("v1/traces", ProtoWriter.Traces("seed", "kept"), host.Server.OtlpApiKey)))
            seed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = host.Server.Telemetry.Counts();

        using var response = await host.Otlp.SendAsync(Post(signal, payload, host.Server.OtlpApiKey));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, why);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
        host.Server.Telemetry.Counts().ShouldBe(before);
        host.Server.Telemetry.Spans().ShouldHaveSingleItem().Name.ShouldBe("kept");
    }

    [Fact]
    public async Task Post_PayloadWithResourceAfterSpansAndUnknownFields_DecodesBoth()
    {
        await using var host = await DashboardHost.StartAsync();
        var payload = new ProtoWriter()
            .Varint(99, 7)
            .Message(1, rs => rs
                .Message(2, ss => ss.Message(2, span => { ProtoWriter.Span(span, "late-resource", 0); span.String(50, "future field"); }))
                .String(3, "https://schema")
                .Message(1, resource => resource.Attribute(1, "service.name", "declared-later")))
            .ToArray();
        using var response = await host.Otlp.SendAsync(Post("v1/traces", payload, host.Server.OtlpApiKey));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var span = host.Server.Telemetry.Spans().ShouldHaveSingleItem();
        span.Resource.Name.ShouldBe("declared-later");
        span.Name.ShouldBe("late-resource");
        span.Attributes.ShouldBe([new TelemetryAttribute("index", "0")]);
    }

    [Fact]
    public async Task Post_MoreSpansThanRetention_DropsTheOldestAndCountsThem()
    {
        await using var host = await DashboardHost.StartAsync(maxSpans: 10);
        for (var batch = 0; batch < 5; batch++)
        {
            var names = Enumerable.Range(batch * 5, 5).Select(i => $"span-{i}").ToArray();
            using var response = await host.Otlp.SendAsync(Post("v1/traces", ProtoWriter.Traces("svc", names), host.Server.OtlpApiKey));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        host.Server.Telemetry.Spans().Select(s => s.Name).ShouldBe(Enumerable.Range(15, 10).Select(i => $"span-{i}"));
        host.Server.Telemetry.Counts().Spans.ShouldBe(new RetentionCount(Kept: 10, Capacity: 10, Received: 25, Dropped: 15));
        using var counts = JsonDocument.Parse(await host.Api.GetStringAsync("api/retention"));
        var spans = counts.RootElement.GetProperty("spans");
        spans.GetProperty("kept").GetInt32().ShouldBe(10);
        spans.GetProperty("dropped").GetInt64().ShouldBe(15);
    }

    [Fact]
    public async Task Post_MoreLogsAndMetricPointsThanRetention_KeepsTheNewestOfEach()
    {
        await using var host = await DashboardHost.StartAsync(maxLogs: 3, maxMetricPoints: 4);
        using (var logs = await host.Otlp.SendAsync(Post("v1/logs", ProtoWriter.Logs("svc", "l0", "l1", "l2", "l3", "l4"), host.Server.OtlpApiKey)))
            logs.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var metrics = await host.Otlp.SendAsync(Post("v1/metrics", ProtoWriter.Gauge("svc", "queue.depth", 1, 2, 3, 4, 5, 6), host.Server.OtlpApiKey)))
            metrics.StatusCode.ShouldBe(HttpStatusCode.OK);

        host.Server.Telemetry.Logs().Select(l => l.Body).ShouldBe(["l2", "l3", "l4"]);
        host.Server.Telemetry.Logs().ShouldAllBe(l => l.Level == "Information" && l.Resource.Name == "svc");
        host.Server.Telemetry.MetricPoints().Select(p => p.Value).ShouldBe([3.0, 4, 5, 6]);
        var counts = host.Server.Telemetry.Counts();
        counts.Logs.ShouldBe(new RetentionCount(3, 3, 5, 2));
        counts.MetricPoints.ShouldBe(new RetentionCount(4, 4, 6, 2));
    }

    [Fact]
    public async Task Post_ManyClientsAtOnce_StoresEverySpanOnce()
    {
        await using var host = await DashboardHost.StartAsync();
        var names = Enumerable.Range(0, 50).Select(i => $"s{i}").ToArray();
        var posts = Enumerable.Range(0, 40).Select(async client =>
        {
            using var response = await host.Otlp.SendAsync(Post("v1/traces", ProtoWriter.Traces($"client-{client}", names), host.Server.OtlpApiKey));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        });
        await Task.WhenAll(posts);

        var spans = host.Server.Telemetry.Spans();
        spans.Count.ShouldBe(2000);
        spans.GroupBy(s => s.Resource.Name).ShouldAllBe(g => g.Count() == 50);
        // Each request's spans are stored together and in order (one lock per batch).
        foreach (var chunk in spans.Chunk(50))
            chunk.Select(s => s.Name).ShouldBe(names);
    }

    [Theory]
    [InlineData("workflowserver-2", "workflowserver-2")]
    [InlineData("workflowserver", "workflowserver")]
    [InlineData("7f3c2a-uuid", "workflowserver")]
    [InlineData(null, "workflowserver")]
    public async Task Post_ResourceWithInstanceId_IsNamedLikeTheAppHostReplica(string? instanceId, string expected)
    {
        await using var host = await DashboardHost.StartAsync();
        var payload = new ProtoWriter().Message(1, rs => rs
            .Message(1, resource =>
            {
                resource.Attribute(1, "service.name", "workflowserver");
                if (instanceId is not null) resource.Attribute(1, "service.instance.id", instanceId);
            })
            .Message(2, ss => ss.Message(2, span => ProtoWriter.Span(span, "x", 0)))).ToArray();
        using var response = await host.Otlp.SendAsync(Post("v1/traces", payload, host.Server.OtlpApiKey));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Server.Telemetry.Spans().ShouldHaveSingleItem().Resource.Name.ShouldBe(expected);
    }

    [Fact]
    public async Task Post_GzipBody_IsDecompressedAndStored()
    {
        await using var host = await DashboardHost.StartAsync();
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(ProtoWriter.Traces("svc", "zipped"));
        var request = Post("v1/traces", compressed.ToArray(), host.Server.OtlpApiKey);
        request.Content!.Headers.ContentEncoding.Add("gzip");
        using var response = await host.Otlp.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Server.Telemetry.Spans().ShouldHaveSingleItem().Name.ShouldBe("zipped");
    }
}
