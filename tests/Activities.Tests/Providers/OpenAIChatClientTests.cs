using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Providers;
using Weft.Activities.Tests.OpenAiTestServer;
using Weft.Engine.Activities;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using Server = Weft.Activities.Tests.OpenAiTestServer.OpenAiTestServer;

namespace Weft.Activities.Tests.Providers;

/// <summary>The adapter driven through the real OpenAI SDK against the protocol test server.</summary>
public sealed class OpenAIChatClientTests : IAsyncLifetime
{
    private Server _server = null!;

    public async Task InitializeAsync() => _server = await Server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IChatClient Client(string model, Action<ModelAlias>? configure = null)
    {
        var alias = _server.Alias(model);
        configure?.Invoke(alias);
        return new ModelCatalog(new ModelCatalogOptions { Aliases = { ["test"] = alias } }).GetChatClient("test");
    }

    private static readonly AIChatMessage[] Conversation =
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, "Say hello."),
        new(ChatRole.Assistant, "Hello."),
        new(ChatRole.User, "Again, louder."),
    ];

    [Fact]
    public async Task GetResponseAsync_ThroughTheSdk_MapsTextUsageModelAndFinishReason()
    {
        _server.Model("gpt-test").Enqueue(new ScriptedReply { Text = "HELLO.", ResponseModel = "gpt-test-2030-01-01", Usage = (12, 3) });

        var response = await Client("gpt-test").GetResponseAsync(Conversation, new ChatOptions { Temperature = 0.25f, MaxOutputTokens = 50 });

        response.Text.ShouldBe("HELLO.");
        response.ModelId.ShouldBe("gpt-test-2030-01-01");
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);
        response.Usage!.InputTokenCount.ShouldBe(12);
        response.Usage.OutputTokenCount.ShouldBe(3);
        response.Usage.TotalTokenCount.ShouldBe(15);

        var sent = _server.Requests.ShouldHaveSingleItem();
        sent.Path.ShouldBe("/v1/chat/completions");
        sent.Headers["Authorization"].ShouldBe("Bearer test-key");
        sent.Conversation.ShouldBe([("system", "You are terse."), ("user", "Say hello."), ("assistant", "Hello."), ("user", "Again, louder.")]);
        sent.Body["temperature"]!.GetValue<double>().ShouldBe(0.25, 1e-6);
        (sent.Body["max_completion_tokens"] ?? sent.Body["max_tokens"])!.GetValue<int>().ShouldBe(50);
        sent.Stream.ShouldBeFalse();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThroughTheSdk_YieldsTheChunksInOrderThenUsage()
    {
        _server.Model("gpt-test").Enqueue(new ScriptedReply { Chunks = ["Once ", "upon ", "a ", "time"], FinishReason = "length", Usage = (7, 4) });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client("gpt-test").GetStreamingResponseAsync(Conversation)) updates.Add(update);

        updates.Select(u => u.Text).Where(t => t.Length > 0).ShouldBe(["Once ", "upon ", "a ", "time"]);
        var response = updates.ToChatResponse();
        response.Text.ShouldBe("Once upon a time");
        response.FinishReason.ShouldBe(ChatFinishReason.Length);
        response.Usage!.InputTokenCount.ShouldBe(7);
        response.Usage.OutputTokenCount.ShouldBe(4);
        response.ModelId.ShouldBe("gpt-test");

        var sent = _server.Requests.ShouldHaveSingleItem();
        sent.Stream.ShouldBeTrue();
        sent.Body["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task GetResponseAsync_WithJsonSchema_SendsItAsTheResponseFormat()
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "string" } },
            ["required"] = new JsonArray("answer"),
        };
        _server.Model("gpt-test").ReplyJson(new JsonObject { ["answer"] = "42" });

        var response = await Client("gpt-test").GetResponseAsync(Conversation, new ChatOptions
        {
            ResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema), "the answer!", "An answer."),
        });

        JsonNode.Parse(response.Text)!["answer"]!.GetValue<string>().ShouldBe("42");
        var format = _server.Requests.ShouldHaveSingleItem().Body["response_format"]!;
        format["type"]!.GetValue<string>().ShouldBe("json_schema");
        format["json_schema"]!["name"]!.GetValue<string>().ShouldBe("the_answer_");
        format["json_schema"]!["description"]!.GetValue<string>().ShouldBe("An answer.");
        JsonNode.DeepEquals(format["json_schema"]!["schema"], schema).ShouldBeTrue();
    }

    [Fact]
    public async Task GetResponseAsync_RateLimited_FailsOnceWithoutSdkRetries_AsRetryableUnavailable()
    {
        _server.Model("gpt-test").Fault(429, "Slow down.", retryAfterSeconds: 7).Reply("too late");

        var thrown = await Should.ThrowAsync<Exception>(() => Client("gpt-test").GetResponseAsync(Conversation));

        _server.Requests.Count.ShouldBe(1); // the SDK's own retry policy is off
        ModelFailures.TryMap(thrown, "main", CancellationToken.None, out var failure).ShouldBeTrue();
        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
        failure.Retryable.ShouldBeTrue();
        failure.Message.ShouldContain("429");
        failure.Message.ShouldContain("Slow down.");
        failure.Details!["retryAfterSeconds"]!.GetValue<double>().ShouldBe(7);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    public async Task GetResponseAsync_ProviderError_MapsByStatus(int status, bool retryable)
    {
        _server.Model("gpt-test").Fault(status, $"provider says {status}");

        var thrown = await Should.ThrowAsync<Exception>(() => Client("gpt-test").GetResponseAsync(Conversation));

        ModelFailures.TryMap(thrown, "main", CancellationToken.None, out var failure).ShouldBeTrue();
        failure.Retryable.ShouldBe(retryable);
        failure.ErrorType.ShouldBe(retryable ? ModelErrorTypes.Unavailable : ModelErrorTypes.Rejected);
        failure.Message.ShouldContain($"provider says {status}");
    }

    [Fact]
    public async Task GetResponseAsync_SlowerThanTheNetworkTimeout_IsRetryableUnavailable()
    {
        _server.Model("gpt-test").Enqueue(new ScriptedReply { Text = "late", Delay = TimeSpan.FromSeconds(5) });
        var client = Client("gpt-test", a => a.NetworkTimeout = TimeSpan.FromMilliseconds(300));

        var thrown = await Should.ThrowAsync<Exception>(() => client.GetResponseAsync(Conversation));

        ModelFailures.TryMap(thrown, "main", CancellationToken.None, out var failure).ShouldBeTrue();
        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
        failure.Retryable.ShouldBeTrue();
    }

    [Fact]
    public async Task TryMap_CallersOwnCancellation_IsNotAModelFailure()
    {
        _server.Model("gpt-test").Enqueue(new ScriptedReply { Text = "late", Delay = TimeSpan.FromSeconds(5) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var thrown = await Should.ThrowAsync<OperationCanceledException>(() => Client("gpt-test").GetResponseAsync(Conversation, cancellationToken: cancel.Token));

        ModelFailures.TryMap(thrown, "main", cancel.Token, out _).ShouldBeFalse();
    }

    [Fact]
    public void GetService_Metadata_NamesProviderModelAndEndpoint()
    {
        var metadata = Client("gpt-test").GetService<ChatClientMetadata>()!;
        metadata.ProviderName.ShouldBe("openai");
        metadata.DefaultModelId.ShouldBe("gpt-test");
        metadata.ProviderUri.ShouldBe(_server.Endpoint);
    }

    [Fact]
    public async Task TryMap_UnreachableEndpoint_IsRetryableUnavailable()
    {
        // A port nothing listens on: take one from the OS and close it.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var alias = new ModelAlias { Endpoint = $"http://127.0.0.1:{port}/v1", Model = "m" };
        var client = new ModelCatalog(new ModelCatalogOptions { Aliases = { ["main"] = alias } }).GetChatClient("main");

        var thrown = await Should.ThrowAsync<Exception>(() => client.GetResponseAsync(Conversation));

        ModelFailures.TryMap(thrown, "main", CancellationToken.None, out var failure).ShouldBeTrue();
        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
        failure.Retryable.ShouldBeTrue();
    }

    [Fact]
    public void TryMap_ActivityException_IsKeptAsItIs()
    {
        var original = ActivityException.Validation("bad");
        ModelFailures.TryMap(original, "main", CancellationToken.None, out var failure).ShouldBeTrue();
        failure.ShouldBeSameAs(original);
    }
}
