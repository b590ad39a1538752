using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Activities.Providers;
using Weft.Activities.Tests.OpenAiTestServer;
using Weft.Activities.Tests.Chat.Support;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Chat;

public sealed class ChatActivityTests : ModelTestBase
{
    private static readonly ChatActivity Activity = new();

    private static readonly JsonObject ScoreSchema = new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["answer"] = new JsonObject { ["type"] = "string" },
            ["score"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 5 },
        },
        ["required"] = new JsonArray("answer", "score"),
        ["additionalProperties"] = false,
    };

    private static async Task<JsonObject> RunAsync(ActivityTestHost host, JsonObject inputs)
    {
        var result = await Activity.ExecuteAsync(host.Context("ai.chat", inputs));
        result.Port.ShouldBe("done");
        return result.Output.ShouldBeOfType<JsonObject>();
    }

    [Fact]
    public async Task ExecuteAsync_InlinePrompt_SendsSystemHistoryThenUser_AndReturnsTextUsageModel()
    {
        Server.Model(MainModel).Enqueue(new ScriptedReply { Text = "Paris.", ResponseModel = "main-model-v2", Usage = (20, 2) });
        var inputs = new JsonObject
        {
            ["system"] = "Answer in one word.",
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = "Capital of Italy?" },
                new JsonObject { ["role"] = "assistant", ["content"] = "Rome." }),
            ["user"] = "Capital of France?",
            ["temperature"] = 0.5,
            ["maxTokens"] = 10,
            ["stream"] = false,
        };

        var output = await RunAsync(Host(), inputs);

        output["text"]!.GetValue<string>().ShouldBe("Paris.");
        output["model"]!.GetValue<string>().ShouldBe("main-model-v2");
        output["finishReason"]!.GetValue<string>().ShouldBe("stop");
        output["usage"]!.ToJsonString().ShouldBe("""{"inputTokens":20,"outputTokens":2,"totalTokens":22}""");
        output.ContainsKey("json").ShouldBeFalse();
        var sent = Server.Requests.ShouldHaveSingleItem();
        sent.Model.ShouldBe(MainModel);
        sent.Stream.ShouldBeFalse();
        sent.Conversation.ShouldBe([("system", "Answer in one word."), ("user", "Capital of Italy?"), ("assistant", "Rome."), ("user", "Capital of France?")]);
        sent.Body["temperature"]!.GetValue<double>().ShouldBe(0.5, 1e-6);
    }

    [Fact]
    public async Task ExecuteAsync_Streaming_EmitsEveryDeltaInOrder_WithSeqFromZeroAndTheNodesExtraFields()
    {
        Server.Model(MainModel).Enqueue(new ScriptedReply { Chunks = ["Durable ", "work", "flows ", "rock."] });
        var host = Host();

        var output = await RunAsync(host, new JsonObject { ["user"] = "Say it.", ["tokenFields"] = new JsonObject { ["requestId"] = "req-7" } });

        output["text"]!.GetValue<string>().ShouldBe("Durable workflows rock.");
        var tokens = host.Events.Where(e => e.Type == "token").Select(e => e.Data!).ToList();
        tokens.Select(t => t["delta"]!.GetValue<string>()).ShouldBe(["Durable ", "work", "flows ", "rock."]);
        tokens.Select(t => t["seq"]!.GetValue<long>()).ShouldBe([0L, 1, 2, 3]);
        tokens.ShouldAllBe(t => t["nodeId"]!.GetValue<string>() == "node" && t["requestId"]!.GetValue<string>() == "req-7" && t["round"]!.GetValue<int>() == 1);
        tokens.ShouldAllBe(t => DateTimeOffset.Parse(t["ts"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
        host.Heartbeats.ShouldBeGreaterThanOrEqualTo(4);
        Server.Requests.ShouldHaveSingleItem().Stream.ShouldBeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_OutputBreaksTheSchema_RepairsOnce_TellingTheModelTheErrors()
    {
        Server.Model(MainModel).Enqueue(
            new ScriptedReply { Text = """{"answer":"fine","score":9}""", Usage = (5, 1) },
            new ScriptedReply { Text = "```json\n{\"answer\": \"fine\", \"score\": 4}\n```", Usage = (9, 2) });
        var host = Host();

        var output = await RunAsync(host, new JsonObject { ["user"] = "Rate it.", ["schema"] = ScoreSchema.DeepClone() });

        output["json"]!.ToJsonString().ShouldBe("""{"answer":"fine","score":4}""");
        output["repaired"]!.GetValue<bool>().ShouldBeTrue();
        var requests = Server.Requests;
        requests.Count.ShouldBe(2);
        var repair = requests[1].Conversation;
        repair[^2].ShouldBe(("assistant", """{"answer":"fine","score":9}"""));
        repair[^1].Role.ShouldBe("user");
        repair[^1].Content.ShouldContain("$.score: must be at most 5, not 9");
        requests[1].Body["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_schema");
        // Both rounds count.
        output["usage"]!.ToJsonString().ShouldBe("""{"inputTokens":14,"outputTokens":3,"totalTokens":17}""");
        // The repair round's tokens are marked as such and continue the sequence.
        var tokens = host.Events.Select(e => e.Data!).ToList();
        tokens.Select(t => t["seq"]!.GetValue<long>()).ShouldBe([.. Enumerable.Range(0, tokens.Count).Select(i => (long)i)]);
        tokens[^1]["round"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_OutputBreaksTheSchemaTwice_FailsAsNonRetryableInvalidModelOutput()
    {
        Server.Model(MainModel).ReplyJson(new JsonObject { ["answer"] = 1 }).Reply("Sorry, I can't do JSON.");

        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(Host(), new JsonObject { ["user"] = "Rate it.", ["schema"] = ScoreSchema.DeepClone(), ["stream"] = false }));

        failure.ErrorType.ShouldBe(ModelErrorTypes.InvalidOutput);
        failure.Retryable.ShouldBeFalse();
        failure.Message.ShouldContain("is not valid JSON");
        failure.Details!["output"]!.GetValue<string>().ShouldBe("Sorry, I can't do JSON.");
        failure.Details["errors"]!.AsArray().ShouldHaveSingleItem()!["path"]!.GetValue<string>().ShouldBe("$");
        Server.Requests.Count.ShouldBe(2);
        Server.Requests[1].LastUserMessage.ShouldContain("$.answer: must be string, not integer");
        Server.Requests[1].LastUserMessage.ShouldContain("$.score: is required");
    }

    [Fact]
    public async Task ExecuteAsync_ValidJsonFirstTime_MakesOneRequest()
    {
        Server.Model(MainModel).Reply("Here you go: {\"answer\": \"ok\", \"score\": 3}");

        var output = await RunAsync(Host(), new JsonObject { ["user"] = "Rate it.", ["schema"] = ScoreSchema.DeepClone() });

        output["json"]!["score"]!.GetValue<int>().ShouldBe(3);
        output["repaired"]!.GetValue<bool>().ShouldBeFalse();
        Server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_NoChatModelConfigured_FailsAtOnce_NamingTheSetting()
    {
        var host = Host(new ModelCatalog(new ModelCatalogOptions()));
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(host, new JsonObject { ["user"] = "Hello?" }));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        failure.ErrorType.ShouldBe(ModelErrorTypes.NotConfigured);
        failure.Retryable.ShouldBeFalse();
        failure.Message.ShouldStartWith("No chat model 'main' is configured: set Weft:Models:main:Endpoint, :Model and :ApiKey");
        Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_RateLimited_IsRetryableModelUnavailable()
    {
        Server.Model(MainModel).Fault(429, "Rate limit reached for requests", retryAfterSeconds: 2);

        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(Host(), new JsonObject { ["user"] = "Hi" }));

        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
        failure.Retryable.ShouldBeTrue();
        failure.Message.ShouldContain("Rate limit reached for requests");
    }

    [Fact]
    public async Task ExecuteAsync_UnauthorizedKey_IsNonRetryableWithTheProvidersMessage()
    {
        Server.Model(MainModel).Fault(401, "Incorrect API key provided.");

        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(Host(), new JsonObject { ["user"] = "Hi", ["stream"] = false }));

        failure.ErrorType.ShouldBe(ModelErrorTypes.Rejected);
        failure.Retryable.ShouldBeFalse();
        failure.Message.ShouldContain("Incorrect API key provided.");
    }

    [Fact]
    public async Task ExecuteAsync_SchemaThatIsNotASchema_FailsValidationBeforeAnyRequest()
    {
        var schema = new JsonObject { ["type"] = "text", ["properties"] = new JsonObject { ["n"] = new JsonObject { ["minimum"] = "one" } } };

        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(Host(), new JsonObject { ["user"] = "Hi", ["schema"] = schema }));

        failure.ErrorType.ShouldBe("ValidationError");
        failure.Message.ShouldContain("$.type: 'text' is not a JSON Schema type");
        failure.Message.ShouldContain("$.properties.n.minimum: must be a number");
        Server.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""[{"role":"robot","content":"beep"}]""", "messages[0].role")]
    [InlineData("""[{"role":"user"}]""", "messages[0].content")]
    [InlineData("""{"role":"user","content":"hi"}""", "must be an array")]
    public async Task ExecuteAsync_MalformedHistory_FailsValidationNamingTheEntry(string messages, string expected)
    {
        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(Host(), new JsonObject { ["messages"] = JsonNode.Parse(messages) }));
        failure.ErrorType.ShouldBe("ValidationError");
        failure.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task ExecuteAsync_NothingToSend_FailsValidation()
    {
        var failure = await Should.ThrowAsync<ActivityException>(() => RunAsync(Host(), new JsonObject { ["system"] = "You are helpful." }));
        failure.ErrorType.ShouldBe("ValidationError");
        Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_NodeSpanIsCurrent_RecordsGenAiAttributesOnIt()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "test.spans",
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test.spans");
        Server.Model(MainModel).Enqueue(new ScriptedReply { Text = "ok", ResponseModel = "main-model-2030", Usage = (11, 1) });

        using (var span = source.StartActivity("node node")!)
        {
            span.SetTag("weft.node.id", "node");
            await RunAsync(Host(), new JsonObject { ["user"] = "Hi", ["temperature"] = 0.7, ["stream"] = false });

            span.GetTagItem("gen_ai.system").ShouldBe("openai");
            span.GetTagItem("gen_ai.request.model").ShouldBe(MainModel);
            span.GetTagItem("gen_ai.response.model").ShouldBe("main-model-2030");
            span.GetTagItem("gen_ai.usage.input_tokens").ShouldBe(11L);
            span.GetTagItem("gen_ai.usage.output_tokens").ShouldBe(1L);
            ((double)span.GetTagItem("gen_ai.request.temperature")!).ShouldBe(0.7, 1e-6);
            span.GetTagItem("weft.model.alias").ShouldBe("main");
        }
    }
}
