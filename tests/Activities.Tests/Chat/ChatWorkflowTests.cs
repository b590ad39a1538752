using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Activities.Providers;
using Weft.Activities.Tests.OpenAiTestServer;
using Weft.Activities.Tests.Chat.Support;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Activities.Tests.Chat;

/// <summary>The model activities inside real workflows: a runtime on a SQLite file, the real OpenAI SDK, the protocol test server.</summary>
public sealed class ChatWorkflowTests : ModelTestBase, IDisposable
{
    private readonly string _prompts = Directory.CreateTempSubdirectory("weft-prompts-").FullName;

    public void Dispose() => Directory.Delete(_prompts, recursive: true);

    private Task<TestEngine> EngineAsync(IModelCatalog? catalog = null) =>
        TestEngine.StartAsync(new TestServices().Add(catalog ?? Catalog()).Add(new PromptLibrary(_prompts)));

    private const string AnswerWorkflow = """
        { "id": "answer",
          "inputs": [{ "name": "question", "type": "string", "required": true }, { "name": "requestId", "type": "string" }],
          "nodes": [
            { "id": "answer", "type": "ai.chat",
              "retry": { "maxAttempts": 3, "initialInterval": "00:00:00.050" },
              "inputs": { "system": "Be brief.", "user": "{{ input.question }}", "tokenFields": { "requestId": "{{ input.requestId }}" } } } ] }
        """;

    [Fact]
    public async Task AiChat_Streaming_TokensReachTheEventStreamInOrderWhileTheModelIsStillGenerating()
    {
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] chunks = ["The ", "sky ", "is ", "blue ", "because ", "of ", "Rayleigh ", "scattering."];
        // The model sends three chunks, then holds the stream open until the test has seen them.
        Server.Model(MainModel).Enqueue(new ScriptedReply { Chunks = chunks, Gate = rest.Task, GateAfterChunks = 3, ChunkDelay = TimeSpan.FromMilliseconds(5) });
        await using var engine = await EngineAsync();
        using var events = engine.Runtime.Events.Subscribe(null);

        var id = await engine.StartAsync(AnswerWorkflow, new JsonObject { ["question"] = "Why is the sky blue?", ["requestId"] = "req-1" });

        var tokens = new List<InstanceEvent>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (tokens.Count < 3)
            {
                var next = await events.Reader.ReadAsync(timeout.Token);
                if (next.InstanceId == id && next.Type == EventTypes.Token) tokens.Add(next);
            }
        }
        // Three tokens are out and the reply is not finished: the node is still running.
        var during = await engine.Runtime.Client.GetAsync(id);
        during!.Status.ShouldBe(InstanceStatus.Running);
        during.NodeOutputs.ContainsKey("answer").ShouldBeFalse();

        rest.SetResult();
        var done = await engine.WaitAsync(id);

        done.Status.ShouldBe(InstanceStatus.Completed);
        done.NodeOutputs["answer"]!["text"]!.GetValue<string>().ShouldBe(string.Concat(chunks));
        while (events.Reader.TryRead(out var next))
        {
            if (next.InstanceId == id && next.Type == EventTypes.Token) tokens.Add(next);
        }
        tokens.Select(t => t.Data!["delta"]!.GetValue<string>()).ShouldBe(chunks);
        tokens.Select(t => t.Data!["seq"]!.GetValue<long>()).ShouldBe([.. Enumerable.Range(0, chunks.Length).Select(i => (long)i)]);
        tokens.ShouldAllBe(t => t.NodeId == "answer" && t.Data!["requestId"]!.GetValue<string>() == "req-1");
        tokens.Select(t => t.Sequence).ShouldBeInOrder();
    }

    [Fact]
    public async Task AiChat_RateLimitedOnce_IsRetriedByTheNodesPolicy_ThenSucceeds()
    {
        Server.Model(MainModel).Fault(429, "Rate limit reached", retryAfterSeconds: 1).Reply("Because of scattering.");
        await using var engine = await EngineAsync();

        var id = await engine.StartAsync(AnswerWorkflow, new JsonObject { ["question"] = "Why?" });
        var done = await engine.WaitAsync(id);

        done.Status.ShouldBe(InstanceStatus.Completed);
        done.NodeOutputs["answer"]!["text"]!.GetValue<string>().ShouldBe("Because of scattering.");
        Server.Requests.Count.ShouldBe(2);
        var journal = await engine.JournalAsync(id);
        var first = journal.Single(j => j.NodeId == "answer" && j.Attempt == 1);
        first.Error!.Type.ShouldBe(ModelErrorTypes.Unavailable);
        first.Error.Message.ShouldContain("429");
        journal.Single(j => j.NodeId == "answer" && j.Attempt == 2).Status.ShouldBe(JournalStatus.Completed);
    }

    [Fact]
    public async Task AiChat_NoModelConfigured_FaultsAtOnceWithoutRetries_NamingTheSetting()
    {
        await using var engine = await EngineAsync(new ModelCatalog(new ModelCatalogOptions()));
        var clock = Stopwatch.StartNew();

        var done = await engine.RunAsync(AnswerWorkflow, new JsonObject { ["question"] = "Anyone there?" });

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        done.Status.ShouldBe(InstanceStatus.Faulted);
        done.Error!.Type.ShouldBe(ModelErrorTypes.NotConfigured);
        done.Error.Message.ShouldContain("Weft:Models:main:Endpoint");
        (await engine.JournalAsync(done.InstanceId)).Count(j => j.NodeId == "answer").ShouldBe(1);
    }

    [Fact]
    public async Task AiChat_InvalidOutputTwice_RoutesToTheErrorPortWithTheValidationErrors()
    {
        Server.Model(MainModel).Reply("""{"intent": 7}""").Reply("""{"intent": 8}""");
        await using var engine = await EngineAsync();
        const string workflow = """
            { "id": "structured",
              "nodes": [
                { "id": "plan", "type": "ai.chat", "onError": "route",
                  "inputs": { "user": "Plan.", "schema": { "type": "object", "properties": { "intent": { "type": "string" } }, "required": ["intent"] } } },
                { "id": "failed", "type": "flow.finish", "inputs": { "output": { "status": "FAILED", "error": "{{ nodes.plan.output.type }}", "errors": "{{ nodes.plan.output.details.errors }}" } } } ],
              "edges": [{ "id": "e1", "source": "plan", "sourcePort": "error", "target": "failed" }] }
            """;

        var done = await engine.RunAsync(workflow);

        done.Status.ShouldBe(InstanceStatus.Completed);
        done.Output!["status"]!.GetValue<string>().ShouldBe("FAILED");
        done.Output["error"]!.GetValue<string>().ShouldBe(ModelErrorTypes.InvalidOutput);
        done.Output["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("$.intent");
        Server.Requests.Count.ShouldBe(2);
        Server.Requests[1].LastUserMessage.ShouldContain("$.intent: must be string, not integer");
    }

    private const string RouterWorkflow = """
        { "id": "route",
          "inputs": [{ "name": "message", "type": "string", "required": true }],
          "nodes": [
            { "id": "intent", "type": "ai.classify",
              "inputs": { "categories": ["CHAT_RESPONSE", "GENERATE_ROUTINE", "UPDATE_ROUTINE"], "text": "{{ input.message }}" } },
            { "id": "chat", "type": "flow.finish", "inputs": { "output": { "status": "SUCCEEDED", "route": "chat" } } },
            { "id": "generate", "type": "flow.finish", "inputs": { "output": { "status": "SUCCEEDED", "route": "generate" } } },
            { "id": "update", "type": "flow.finish", "inputs": { "output": { "status": "SUCCEEDED", "route": "update" } } },
            { "id": "clarify", "type": "flow.finish", "inputs": { "output": { "status": "CLARIFY", "why": "{{ nodes.intent.output.reason }}" } } } ],
          "edges": [
            { "id": "e1", "source": "intent", "sourcePort": "CHAT_RESPONSE", "target": "chat" },
            { "id": "e2", "source": "intent", "sourcePort": "GENERATE_ROUTINE", "target": "generate" },
            { "id": "e3", "source": "intent", "sourcePort": "UPDATE_ROUTINE", "target": "update" },
            { "id": "e4", "source": "intent", "sourcePort": "fallback", "target": "clarify" } ] }
        """;

    [Fact]
    public async Task AiClassify_InAWorkflow_FollowsThePortOfTheChosenCategory()
    {
        Server.Model(RouterModel).ReplyJson(new JsonObject { ["category"] = "UPDATE_ROUTINE", ["confidence"] = 0.8, ["reason"] = "Wants a change." });
        await using var engine = await EngineAsync();

        var done = await engine.RunAsync(RouterWorkflow, new JsonObject { ["message"] = "Move my run to 7am." });

        done.Status.ShouldBe(InstanceStatus.Completed);
        done.Output!["route"]!.GetValue<string>().ShouldBe("update");
        Server.Requests.ShouldHaveSingleItem().LastUserMessage.ShouldBe("Move my run to 7am.");
    }

    [Fact]
    public async Task AiClassify_UnparsableRouting_FollowsFallbackToClarify()
    {
        Server.Model(RouterModel).Reply("Hmm, hard to say!");
        await using var engine = await EngineAsync();

        var done = await engine.RunAsync(RouterWorkflow, new JsonObject { ["message"] = "asdf" });

        done.Status.ShouldBe(InstanceStatus.Completed);
        done.Output!["status"]!.GetValue<string>().ShouldBe("CLARIFY");
        done.Output["why"]!.GetValue<string>().ShouldContain("not a JSON object");
    }

    [Fact]
    public async Task AiChat_PromptFile_TemplatesSeeTheNodesScope()
    {
        File.WriteAllText(Path.Combine(_prompts, "greet.yaml"), """
            system: You greet people of {{ input.city }}.
            user: "Greet {{ input.name.toUpperCase() }} ({{ vars.visits }} visits)."
            """);
        Server.Model(MainModel).Reply("Hello!");
        await using var engine = await EngineAsync();
        const string workflow = """
            { "id": "greet",
              "inputs": [{ "name": "name", "type": "string" }, { "name": "city", "type": "string" }],
              "variables": [{ "name": "visits", "type": "integer", "default": 3 }],
              "nodes": [{ "id": "greet", "type": "ai.chat", "inputs": { "prompt": "greet.yaml" } }] }
            """;

        var done = await engine.RunAsync(workflow, new JsonObject { ["name"] = "ada", ["city"] = "London" });

        done.Status.ShouldBe(InstanceStatus.Completed);
        Server.Requests.ShouldHaveSingleItem().Conversation.ShouldBe([("system", "You greet people of London."), ("user", "Greet ADA (3 visits).")]);
    }

    [Fact]
    public async Task AiChat_InAWorkflow_RecordsGenAiAttributesOnTheNodeSpan()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Weft.Engine",
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        Server.Model(MainModel).Enqueue(new ScriptedReply { Text = "ok", Usage = (9, 1) });
        await using var engine = await EngineAsync();

        var done = await engine.RunAsync(AnswerWorkflow, new JsonObject { ["question"] = "Hi" });

        done.Status.ShouldBe(InstanceStatus.Completed);
        var span = stopped.Single(a => a.DisplayName == "node answer" && Equals(a.GetTagItem("weft.instance.id"), done.InstanceId));
        span.GetTagItem("gen_ai.request.model").ShouldBe(MainModel);
        span.GetTagItem("gen_ai.usage.input_tokens").ShouldBe(9L);
        span.GetTagItem("gen_ai.usage.output_tokens").ShouldBe(1L);
    }
}
