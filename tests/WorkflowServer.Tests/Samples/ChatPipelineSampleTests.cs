using System.Net;
using System.Text.Json.Nodes;
using Weft.Activities.Tests.OpenAiTestServer;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>workflows/chat-pipeline.json end to end: POST /workflows/chat against the OpenAI-protocol test server.</summary>
public sealed class ChatPipelineSampleTests
{
    private static readonly string[] Samples = ["chat-pipeline"];

    private static string Request(string requestId, string message, string userId = "ada", bool stream = true) => new JsonObject
    {
        ["requestId"] = requestId,
        ["userId"] = userId,
        ["conversation_history"] = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = "Hi!" },
            new JsonObject { ["role"] = "assistant", ["content"] = "Hello, how can I help?" },
            new JsonObject { ["role"] = "user", ["content"] = message }),
        ["stream"] = stream,
    }.ToJsonString();

    private static JsonObject Route(string category, double confidence = 0.9) =>
        new() { ["category"] = category, ["confidence"] = confidence, ["reason"] = "test" };

    private static JsonObject Plan(bool memory, bool context) => new()
    {
        ["needsMemory"] = memory, ["memoryQuery"] = "morning habits", ["needsContext"] = context, ["contextTopics"] = new JsonArray("routines"),
    };

    private static async Task<JsonNode> ChatAsync(SampleServer server, string body, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await server.Client.PostJsonAsync("workflows/chat", body)).ShouldBeJsonAsync(status);

    [Fact]
    public async Task Chat_RoutedRequest_StreamsTokensInOrderWhileTheModelGenerates_AndRepliesSucceeded()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Router.ReplyJson(Route("GENERATE_ROUTINE")).ReplyJson(Plan(memory: true, context: true));
        server.Main.Enqueue(new ScriptedReply { Text = "Wake at six. Walk. Read.", Chunks = ["Wake ", "at ", "six. ", "Walk. ", "Read."], Gate = gate.Task, GateAfterChunks = 2 });

        var call = server.Client.PostJsonAsync("workflows/chat", Request("req-1", "Make me a morning routine"));

        // The model holds its stream after two chunks: find the instance and attach to its event stream meanwhile.
        var timeout = ServerSetup.Timeout(30);
        string? instanceId = null;
        while (instanceId is null)
        {
            var items = await server.InstancesAsync("chat-pipeline");
            instanceId = items.FirstOrDefault()?["id"]?.GetValue<string>();
            if (instanceId is null) await Task.Delay(20, timeout); // the sync call reveals the id only with its answer
        }
        using var events = await SseReader.OpenAsync(server.Client, $"api/instances/{instanceId}/events", cancellationToken: timeout);
        var tokens = new List<JsonNode>();
        while (tokens.Count < 2)
        {
            var frame = await events.ReadEventAsync(timeout) ?? throw new InvalidOperationException("the stream ended early");
            if (frame.Event == "token") tokens.Add(frame.Data!["data"]!);
        }
        call.IsCompleted.ShouldBeFalse("two tokens arrived while the model is still generating");
        gate.SetResult();
        while (tokens.Count < 5)
        {
            var frame = await events.ReadEventAsync(timeout) ?? throw new InvalidOperationException("the stream ended early");
            if (frame.Event == "token") tokens.Add(frame.Data!["data"]!);
        }

        tokens.Select(t => t["seq"]!.GetValue<long>()).ShouldBe([0L, 1L, 2L, 3L, 4L]);
        string.Concat(tokens.Select(t => t["delta"]!.GetValue<string>())).ShouldBe("Wake at six. Walk. Read.");
        foreach (var token in tokens)
        {
            token["requestId"]!.GetValue<string>().ShouldBe("req-1");
            DateTimeOffset.Parse(token["ts"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        var response = await call;
        var result = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        result["requestId"]!.GetValue<string>().ShouldBe("req-1");
        result["status"]!.GetValue<string>().ShouldBe("SUCCEEDED");
        result["final"]!.GetValue<string>().ShouldBe("Wake at six. Walk. Read.");
        result["error"].ShouldBeNull();
        result["usage"]!["totalTokens"]!.GetValue<double>().ShouldBeGreaterThan(0);
        result["usage"]!["main"]!["outputTokens"]!.GetValue<long>().ShouldBe(5);
        result["meta"]!["intent"]!.GetValue<string>().ShouldBe("GENERATE_ROUTINE");
        result["meta"]!["context"]!.GetValue<bool>().ShouldBeTrue();
        result["meta"]!["instanceId"]!.GetValue<string>().ShouldBe(instanceId);

        // Routing took the GENERATE_ROUTINE port; the planner and the context service saw the intent.
        var journal = await server.JournalAsync(instanceId);
        journal.Single(e => e!["nodeId"]!.GetValue<string>() == "classify")!["port"]!.GetValue<string>().ShouldBe("GENERATE_ROUTINE");
        server.Router.Pending.ShouldBe(0);
        server.Models.RequestsFor(SampleServer.RouterModel)[1].Conversation[0].Content.ShouldContain("GENERATE_ROUTINE");
        var context = server.Context.Requests.ShouldHaveSingleItem();
        context["userId"].ToString().ShouldBe("ada");
        context["intent"].ToString().ShouldBe("GENERATE_ROUTINE");
        var answerPrompt = server.Models.RequestsFor(SampleServer.MainModel).ShouldHaveSingleItem();
        answerPrompt.Conversation[0].Content.ShouldContain("07:00 run", customMessage: "the context over HTTP reached the main model");
        answerPrompt.LastUserMessage.ShouldBe("Make me a morning routine");
        answerPrompt.Conversation.Count.ShouldBe(4, "system, the two earlier turns, the new message");
    }

    [Fact]
    public async Task Chat_SecondRequest_AnswersWithWhatTheUserSaidBefore()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.ReplyJson(Route("CHAT_RESPONSE")).ReplyJson(Plan(memory: true, context: false));
        server.Main.Reply("Noted.");
        var first = await ChatAsync(server, Request("req-a", "I love swimming before work", stream: false));
        first["meta"]!["memories"]!.GetValue<int>().ShouldBe(0);
        await server.Host.Workflows.WaitAsync(first["meta"]!["instanceId"]!.GetValue<string>(), cancellationToken: ServerSetup.Timeout());

        server.Router.ReplyJson(Route("CHAT_RESPONSE")).ReplyJson(Plan(memory: true, context: false));
        server.Main.Reply("Swim at seven.");
        var second = await ChatAsync(server, Request("req-b", "When should I exercise?", stream: false));
        second["status"]!.GetValue<string>().ShouldBe("SUCCEEDED");
        second["meta"]!["memories"]!.GetValue<int>().ShouldBe(1);
        second["meta"]!["context"]!.GetValue<bool>().ShouldBeFalse();
        server.Models.RequestsFor(SampleServer.MainModel)[1].Conversation[0].Content.ShouldContain("I love swimming before work");
        server.Context.Requests.ShouldBeEmpty("the plan asked for no HTTP context");
        var events = await server.Host.Store.GetEventsAsync(second["meta"]!["instanceId"]!.GetValue<string>(), 0, 1000);
        events.ShouldContain(e => e.Type == "node.completed");
        events.ShouldNotContain(e => e.Type == "token", "stream: false publishes no tokens");
    }

    [Fact]
    public async Task Chat_SameRequestIdTwice_RunsOnceAndAnswersTheSame()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.ReplyJson(Route("CHAT_RESPONSE")).ReplyJson(Plan(memory: false, context: false));
        server.Main.Reply("Drink water.");
        var first = await ChatAsync(server, Request("req-same", "Any tip?"));
        var instanceId = first["meta"]!["instanceId"]!.GetValue<string>();
        await server.Host.Workflows.WaitAsync(instanceId, cancellationToken: ServerSetup.Timeout());

        var response = await server.Client.PostJsonAsync("workflows/chat", Request("req-same", "Any tip?"));
        response.Headers.GetValues("X-Weft-Instance-Id").ShouldHaveSingleItem().ShouldBe(instanceId);
        var second = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        second.ToJsonString().ShouldBe(first.ToJsonString());

        (await server.InstancesAsync("chat-pipeline")).Count.ShouldBe(1);
        server.Models.Requests.Count.ShouldBe(3, "classify, plan and answer ran once");
        (await server.JournalAsync(instanceId)).Count(e => e!["nodeId"]!.GetValue<string>() == "answer").ShouldBe(1);
    }

    [Fact]
    public async Task Chat_SameRequestIdTwiceAtOnce_StartsOneInstance()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.ReplyJson(Route("CHAT_RESPONSE")).ReplyJson(Plan(memory: false, context: false));
        server.Main.Enqueue(new ScriptedReply { Text = "Sleep early.", Delay = TimeSpan.FromMilliseconds(300) });
        var body = Request("req-race", "Tip?");
        var answers = await Task.WhenAll(
            server.Client.PostJsonAsync("workflows/chat", body),
            server.Client.PostJsonAsync("workflows/chat", body));
        var results = await Task.WhenAll(answers.Select(a => a.ShouldBeJsonAsync(HttpStatusCode.OK)));
        results[0].ToJsonString().ShouldBe(results[1].ToJsonString());
        results[0]["final"]!.GetValue<string>().ShouldBe("Sleep early.");
        (await server.InstancesAsync("chat-pipeline")).Count.ShouldBe(1);
        server.Models.RequestsFor(SampleServer.MainModel).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Chat_UnparsableRouting_RepliesClarifyWithoutAnswering()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.Reply("Hmm, maybe it is about routines? Hard to say.");
        var result = await ChatAsync(server, Request("req-vague", "stuff"));
        result["status"]!.GetValue<string>().ShouldBe("CLARIFY");
        result["requestId"]!.GetValue<string>().ShouldBe("req-vague");
        result["final"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        result["error"].ShouldBeNull();
        result["meta"]!["raw"]!.GetValue<string>().ShouldBe("Hmm, maybe it is about routines? Hard to say.");
        result["meta"]!["reason"]!.GetValue<string>().ShouldContain("not a JSON object");
        server.Models.Requests.Count.ShouldBe(1, "neither the planner nor the main model was asked");

        // An answer naming no known category is CLARIFY too.
        server.Router.ReplyJson(Route("ORDER_PIZZA"));
        (await ChatAsync(server, Request("req-pizza", "pizza")))["status"]!.GetValue<string>().ShouldBe("CLARIFY");
    }

    [Fact]
    public async Task Chat_RateLimitedAnswer_IsRetriedPerTheNodePolicy()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.ReplyJson(Route("UPDATE_ROUTINE")).ReplyJson(Plan(memory: false, context: false));
        server.Main.Fault(429, "slow down", retryAfterSeconds: 1).Reply("Moved your run to 8:00.");
        var result = await ChatAsync(server, Request("req-429", "Move my run to eight"));
        result["status"]!.GetValue<string>().ShouldBe("SUCCEEDED");
        result["final"]!.GetValue<string>().ShouldBe("Moved your run to 8:00.");

        var answers = (await server.JournalAsync(result["meta"]!["instanceId"]!.GetValue<string>()))
            .Where(e => e!["nodeId"]!.GetValue<string>() == "answer").ToList();
        answers.Select(e => e!["status"]!.GetValue<string>()).ShouldBe(["retrying", "completed"]);
        answers[0]!["error"]!["type"]!.GetValue<string>().ShouldBe("ModelUnavailable");
        answers[1]!["attempt"]!.GetValue<int>().ShouldBe(2);
        server.Models.RequestsFor(SampleServer.MainModel).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Chat_InvalidPlanJson_IsRepairedOnceThenRoutedToFailed()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.ReplyJson(Route("CHAT_RESPONSE")).Reply("needs memory: yes").Reply("{\"needsMemory\": \"yes\"}");
        var result = await ChatAsync(server, Request("req-bad-json", "hello?"), HttpStatusCode.BadGateway);
        result["status"]!.GetValue<string>().ShouldBe("FAILED");
        result["final"].ShouldBeNull();
        result["error"]!["type"]!.GetValue<string>().ShouldBe("InvalidModelOutput");
        result["error"]!["nodeId"]!.GetValue<string>().ShouldBe("plan");
        result["error"]!["message"]!.GetValue<string>().ShouldContain("repair");

        var router = server.Models.RequestsFor(SampleServer.RouterModel);
        router.Count.ShouldBe(3, "classify, plan, and one repair round — no more");
        router[2].Conversation[^2].Content.ShouldBe("needs memory: yes", "the repair round shows the model its reply");
        server.Models.RequestsFor(SampleServer.MainModel).ShouldBeEmpty();

        var instance = await server.Host.Workflows.WaitAsync(result["meta"]!["instanceId"]!.GetValue<string>(), cancellationToken: ServerSetup.Timeout());
        instance.Status.ShouldBe(Weft.Engine.Runtime.InstanceStatus.Faulted);
        instance.Error!.Type.ShouldBe("ChatPipelineFailed");
    }

    [Fact]
    public async Task Chat_AnswerRejectedByTheModel_RepliesFailedWithoutRetrying()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        server.Router.ReplyJson(Route("CHAT_RESPONSE")).ReplyJson(Plan(memory: false, context: false));
        server.Main.Fault(400, "context length exceeded");
        var result = await ChatAsync(server, Request("req-400", "Tell me everything", stream: false), HttpStatusCode.BadGateway);
        result["status"]!.GetValue<string>().ShouldBe("FAILED");
        result["error"]!["type"]!.GetValue<string>().ShouldBe("ModelRequestRejected");
        result["error"]!["nodeId"]!.GetValue<string>().ShouldBe("answer");
        result["error"]!["message"]!.GetValue<string>().ShouldContain("context length exceeded");
        result["meta"]!["intent"]!.GetValue<string>().ShouldBe("CHAT_RESPONSE");
        server.Models.RequestsFor(SampleServer.MainModel).Count.ShouldBe(1, "a 400 is not retried");
    }

    [Fact]
    public async Task Chat_WrongInputTypes_AreRefusedNamingTheInput()
    {
        await using var server = await SampleServer.StartAsync(Samples);
        var notArray = await server.Client.PostJsonAsync("workflows/chat", """{ "requestId": "r", "userId": "u", "conversation_history": "hi" }""");
        (await notArray.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("conversation_history");
        var missing = await server.Client.PostJsonAsync("workflows/chat", """{ "userId": "u", "conversation_history": [] }""");
        (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("requestId");
        var streamText = await server.Client.PostJsonAsync("workflows/chat", """{ "requestId": "r2", "userId": "u", "conversation_history": [], "stream": "yes" }""");
        (await streamText.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("stream");
        (await server.InstancesAsync("chat-pipeline")).ShouldBeEmpty();
        server.Models.Requests.ShouldBeEmpty();
    }
}
