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

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    public async Task ExecuteAsync_NonSuccessStatus_FailsAsHttpErrorRetryableByStatus(HttpStatusCode status, bool retryable)
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ =>
            new HttpResponseMessage(status) { Content = new StringContent("upstream says no") })));

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.HttpError);
        ex.Retryable.ShouldBe(retryable);
        ex.Details!["status"]!.GetValue<int>().ShouldBe((int)status);
        ex.Details["body"]!.GetValue<string>().ShouldBe("upstream says no");
        ex.Message.ShouldContain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ExecuteAsync_AllowFailure_CompletesWithTheFailureStatusAndTextBody()
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ =>
            new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("not json", Encoding.UTF8, "application/json") })));

        var result = await RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x", ["allowFailure"] = true, ["responseType"] = "json" });

        result.Output!["status"]!.GetValue<int>().ShouldBe(500);
        result.Output["body"]!.GetValue<string>().ShouldBe("not json");
    }

    [Fact]
    public async Task ExecuteAsync_ConnectionFails_FailsRetryable()
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ =>
            throw new HttpRequestException("Connection refused (api.example.com:443)"))));

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.ConnectionFailed);
        ex.Retryable.ShouldBeTrue();
        ex.Message.ShouldContain("Connection refused");
    }

    [Fact]
    public async Task ExecuteAsync_NoAnswerWithinTimeout_FailsRetryableNamingTheInput()
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new HangingHandler()));

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x", ["timeout"] = 0.1 }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.ConnectionFailed);
        ex.Retryable.ShouldBeTrue();
        ex.Message.ShouldContain("input 'timeout'");
    }

    [Fact]
    public async Task ExecuteAsync_AttemptCancelled_PropagatesTheCancellation()
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new HangingHandler()));
        using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x" }, attempt.Token));
    }

    [Fact]
    public async Task ExecuteAsync_HostNotInAllowList_FailsNonRetryableWithoutSending()
    {
        var handler = new StubHandler(_ => Json("{}"));
        var host = new HttpActivityTestHost()
            .With<IHttpClientFactory>(new StubHttpClientFactory(handler))
            .With(new HttpActivityOptions { AllowedHosts = ["*.example.com"] });

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://example.org/x" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.HostNotAllowed);
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("'example.org'");
        ex.Message.ShouldContain(HttpActivityOptions.AllowedHostsSetting);
        handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_RedirectToHostNotAllowed_StopsAtTheRedirect()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://evil.test/steal") } });
        var host = new HttpActivityTestHost()
            .With<IHttpClientFactory>(new StubHttpClientFactory(handler))
            .With(new HttpActivityOptions { AllowedHosts = ["api.example.com"] });

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.HostNotAllowed);
        ex.Message.ShouldContain("'evil.test'");
        handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_SeeOtherAfterPost_FollowsAsGetWithoutBodyOrCredentialsToAnotherHost()
    {
        var handler = new StubHandler(request => request.RequestUri!.Host == "api.example.com"
            ? new HttpResponseMessage(HttpStatusCode.SeeOther) { Headers = { Location = new Uri("https://files.example.com/result/1") } }
            : Json("""{ "done": true }"""));
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(handler));

        var result = await RunAsync(host, new JsonObject
        {
            ["url"] = "https://api.example.com/jobs",
            ["method"] = "POST",
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer t", ["X-Keep"] = "yes" },
            ["body"] = "payload",
        });

        result.Output!["body"]!["done"]!.GetValue<bool>().ShouldBeTrue();
        handler.Requests.Count.ShouldBe(2);
        handler.Requests[0].Body.ShouldBe("payload");
        handler.Requests[0].Request.Content!.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var followed = handler.Requests[1];
        followed.Request.Method.ShouldBe(HttpMethod.Get);
        followed.Body.ShouldBeNull();
        followed.Request.Headers.Contains("Authorization").ShouldBeFalse();
        followed.Request.Headers.GetValues("X-Keep").ShouldBe(["yes"]);
    }

    [Fact]
    public async Task ExecuteAsync_DeclaredLengthOverCap_FailsNonRetryableBeforeReading()
    {
        var host = new HttpActivityTestHost()
            .With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[2048]) })))
            .With(new HttpActivityOptions { AllowedHosts = ["*"], MaxResponseBytes = 1024 });

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/big" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.ResponseTooLarge);
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("1024 bytes");
        ex.Message.ShouldContain("Content-Length 2048");
    }

    [Fact]
    public async Task ExecuteAsync_UndeclaredLengthOverCap_StopsReadingAndFails()
    {
        var host = new HttpActivityTestHost()
            .With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StreamContent(new UnseekableStream(new byte[300_000])),
            })))
            .With(new HttpActivityOptions { AllowedHosts = ["*"], MaxResponseBytes = 200_000 });

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/big" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.ResponseTooLarge);
        host.Heartbeats.ShouldBeGreaterThan(0); // reading a big body is progress
    }

    [Theory]
    [InlineData("text", "application/json", "{\"a\":1}", "text", "{\"a\":1}")]
    [InlineData("auto", "text/plain", "hello", "text", "hello")]
    [InlineData("auto", "application/problem+json", "{\"a\":1}", "json", "{\"a\":1}")]
    [InlineData("auto", "application/json", "not json", "text", "not json")]
    [InlineData("json", "text/plain", "[1,2]", "json", "[1,2]")]
    public async Task ExecuteAsync_ResponseType_ReadsTheBodyAsAsked(string responseType, string mediaType, string body, string expectedKind, string expected)
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) })));

        var result = await RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x", ["responseType"] = responseType });

        var read = result.Output!["body"]!;
        if (expectedKind == "text") read.GetValue<string>().ShouldBe(expected);
        else read.ToJsonString().ShouldBe(expected);
    }

    [Fact]
    public async Task ExecuteAsync_JsonAskedButInvalid_FailsNonRetryable()
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>") })));

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x", ["responseType"] = "json" }));

        ex.ErrorType.ShouldBe(HttpErrorTypes.InvalidResponse);
        ex.Retryable.ShouldBeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_EmptyBody_OutputsNullBody()
    {
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent))));

        var result = await RunAsync(host, new JsonObject { ["url"] = "https://api.example.com/x", ["method"] = "DELETE" });

        result.Output!["status"]!.GetValue<int>().ShouldBe(204);
        result.Output["body"].ShouldBeNull();
    }

    [Theory]
    [InlineData("url", "ftp://files.example.com/a", "absolute http or https URL")]
    [InlineData("url", "/relative", "absolute http or https URL")]
    [InlineData("method", "BREW", "use one of GET")]
    [InlineData("responseType", "xml", "use one of auto")]
    public async Task ExecuteAsync_BadInput_FailsAsValidation(string input, string value, string expected)
    {
        var handler = new StubHandler(_ => Json("{}"));
        var host = new HttpActivityTestHost().With<IHttpClientFactory>(new StubHttpClientFactory(handler));
        var inputs = new JsonObject { ["url"] = "https://api.example.com/x" };
        inputs[input] = value;

        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, inputs));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
        ex.Message.ShouldContain(expected);
        handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void Get_NoFactoryRegistered_OneSharedClientWithoutItsOwnTimeout()
    {
        var services = new HttpActivityTestHost().Services;

        var first = HttpClientSource.Get(services);

        HttpClientSource.Get(services).ShouldBeSameAs(first);
        first.Timeout.ShouldBe(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Never answers; ends when the request is cancelled.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>A body whose length is unknown up front (as with chunked transfer).</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
