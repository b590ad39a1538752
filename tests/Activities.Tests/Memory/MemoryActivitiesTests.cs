using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Data;
using Weft.Activities.Memory;
using Weft.Activities.Tests.DataTesting;
using Weft.Activities.Vectors;

namespace Weft.Activities.Tests.Memory;

public sealed class MemoryActivitiesTests : IAsyncLifetime
{
    private static readonly JsonObject TwoAttempts = new() { ["maxAttempts"] = 2, ["initialInterval"] = "00:00:00.010" };
    private readonly TempDirectory _directory = new();
    private readonly BagOfWordsEmbedder _embedder = new(64);
    private EmbeddedVectorStore _vectors = null!;
    private MemoryStore _memory = null!;

    public Task InitializeAsync()
    {
        _vectors = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = _directory.File("weft.db") });
        _memory = new MemoryStore(_vectors, new MemoryStoreOptions { HistoryPath = _directory.File("weft.db") });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _memory.Dispose();
        _vectors.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task MemoryAdd_Text_StoresItAndMemorySearchFindsItWithMetadata()
    {
        await using var harness = await Harness();

        var add = await harness.RunAsync("memory.add", new JsonObject { ["text"] = "Training for a marathon in October", ["userId"] = "ada", ["metadata"] = new JsonObject { ["topic"] = "sport" } });
        var search = await harness.RunAsync("memory.search", new JsonObject { ["query"] = "marathon training", ["userId"] = "ada" });

        add.Output["added"]!.GetValue<int>().ShouldBe(1);
        var result = add.Output["results"]![0]!;
        result["event"]!.GetValue<string>().ShouldBe("ADD");
        var memory = search.Output["memories"]![0]!;
        memory["id"]!.GetValue<string>().ShouldBe(result["id"]!.GetValue<string>());
        memory["text"]!.GetValue<string>().ShouldBe("Training for a marathon in October");
        memory["metadata"]!.ToJsonString().ShouldBe("""{"topic":"sport"}""");
        memory["userId"]!.GetValue<string>().ShouldBe("ada");
        DateTimeOffset.Parse(memory["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        memory["score"]!.GetValue<double>().ShouldBeGreaterThan(0.5);
    }

    [Fact]
    public async Task MemoryAdd_MessagesWithoutInfer_StoresEachNonSystemMessage()
    {
        await using var harness = await Harness();

        var add = await harness.RunAsync("memory.add", new JsonObject
        {
            ["agentId"] = "coach",
            ["messages"] = JsonNode.Parse("""[{"role":"system","content":"Be nice."},{"role":"user","content":"I hate running in the rain."},{"role":"assistant","content":"Noted, indoor sessions then."}]"""),
        });

        add.Output["results"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()).ShouldBe(["I hate running in the rain.", "Noted, indoor sessions then."]);
        (await _memory.GetHistoryAsync(new MemoryScope(AgentId: "coach"))).Count.ShouldBe(2);
    }

    [Fact]
    public async Task MemoryAdd_Infer_ExtractsFactsWithTheChatModelAndSkipsNearDuplicates()
    {
        var chat = new ScriptedChatClient(
            """{"facts": ["Is vegetarian", "Lives in Berlin"]}""",
            "```json\n{\"facts\": [\"is vegetarian.\", \"Has a dog named Rex\"]}\n```");
        await using var harness = await Harness(chat);
        var conversation = JsonNode.Parse("""[{"role":"user","content":"I'm vegetarian and I live in Berlin."},{"role":"assistant","content":"Great, noted!"}]""");

        var first = await harness.RunAsync("memory.add", new JsonObject { ["messages"] = conversation, ["userId"] = "ada", ["infer"] = true });
        var second = await harness.RunAsync("memory.add", new JsonObject { ["text"] = "Still veggie! Also, my dog Rex says hi.", ["userId"] = "ada", ["infer"] = true });

        first.Output["added"]!.GetValue<int>().ShouldBe(2);
        second.Output["added"]!.GetValue<int>().ShouldBe(1);
        second.Output["skipped"]!.GetValue<int>().ShouldBe(1);
        var skipped = second.Output["results"]![0]!;
        skipped["event"]!.GetValue<string>().ShouldBe("NOOP");
        skipped["text"]!.GetValue<string>().ShouldBe("is vegetarian.");
        skipped["matched"]!.GetValue<string>().ShouldBe("Is vegetarian");
        skipped["id"]!.GetValue<string>().ShouldBe(first.Output["results"]![0]!["id"]!.GetValue<string>());
        second.Output["results"]![1]!["event"]!.GetValue<string>().ShouldBe("ADD");

        var request = chat.Requests[0];
        request.Messages[0].Role.ShouldBe(ChatRole.System);
        request.Messages[0].Text.ShouldContain("{\"facts\"");
        request.Messages[1].Text.ShouldContain("user: I'm vegetarian and I live in Berlin.");
        request.Messages[1].Text.ShouldContain("assistant: Great, noted!");
        request.Options!.ResponseFormat.ShouldBeOfType<ChatResponseFormatJson>();
        chat.Requests[1].Messages[1].Text.ShouldContain("user: Still veggie! Also, my dog Rex says hi.");

        var history = await _memory.GetHistoryAsync(new MemoryScope(UserId: "ada"));
        history.Select(h => h.Event).ShouldBe([MemoryEvent.Add, MemoryEvent.Add, MemoryEvent.Noop, MemoryEvent.Add]);
        (await _vectors.CountAsync(_memory.Collection)).ShouldBe(3);
    }

    [Fact]
    public async Task MemoryAdd_InferWithNothingWorthRemembering_AddsNothing()
    {
        await using var harness = await Harness(new ScriptedChatClient("""{"facts": []}"""));

        var add = await harness.RunAsync("memory.add", new JsonObject { ["text"] = "hi there", ["userId"] = "ada", ["infer"] = true });

        add.Output.ToJsonString().ShouldBe("""{"results":[],"added":0,"skipped":0}""");
    }

    [Fact]
    public async Task MemoryAdd_InferAnswerNotJson_FailsAsRetryableInvalidModelOutput()
    {
        var chat = new ScriptedChatClient("Sure! The user likes tea.", "I cannot do that.");
        await using var harness = await Harness(chat);

        var run = await harness.RunAsync("memory.add", new JsonObject { ["text"] = "I like tea", ["userId"] = "ada", ["infer"] = true }, TwoAttempts);

        run.Error.Type.ShouldBe("InvalidModelOutput");
        run.Error.Attempt.ShouldBe(2);
        run.Error.Message.ShouldContain("I cannot do that.");
        chat.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task MemoryAdd_InferWithoutAChatProvider_FailsAsConfigurationError()
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("memory.add", new JsonObject { ["text"] = "I like tea", ["userId"] = "ada", ["infer"] = true });

        run.Error.Type.ShouldBe("ConfigurationError");
        run.Error.Message.ShouldContain(nameof(IChatProvider));
    }

    [Theory]
    [InlineData("""{"text":"x"}""", "at least one of the inputs 'userId', 'agentId' and 'runId'")]
    [InlineData("""{"userId":"a"}""", "exactly one of the inputs 'text' and 'messages'")]
    [InlineData("""{"userId":"a","messages":[{"role":"user"}]}""", "'messages[0]'")]
    [InlineData("""{"userId":"a","text":"x","dedupThreshold":1.5}""", "'dedupThreshold'")]
    public async Task MemoryAdd_BadInputs_FailWithValidationError(string inputs, string message)
    {
        await using var harness = await Harness();

        var run = await harness.RunAsync("memory.add", JsonNode.Parse(inputs)!.AsObject());

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain(message);
    }

    [Fact]
    public async Task MemorySearch_AnotherRun_SeesOnlyItsOwnMemories()
    {
        await using var harness = await Harness();
        await harness.RunAsync("memory.add", new JsonObject { ["text"] = "Chose the blue theme", ["runId"] = "session-1" });
        await harness.RunAsync("memory.add", new JsonObject { ["text"] = "Chose the red theme", ["runId"] = "session-2" });

        var search = await harness.RunAsync("memory.search", new JsonObject { ["query"] = "which theme", ["runId"] = "session-2", ["topK"] = 5 });
        var none = await harness.RunAsync("memory.search", new JsonObject { ["query"] = "which theme", ["userId"] = "nobody" });
        var noScope = await harness.RunAsync("memory.search", new JsonObject { ["query"] = "which theme" });

        search.Output["memories"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()).ShouldBe(["Chose the red theme"]);
        none.Output["memories"]!.AsArray().ShouldBeEmpty();
        noScope.Error.Type.ShouldBe("ValidationError");
    }

    private Task<ActivityHarness> Harness(IChatClient? chat = null)
    {
        var services = new TestServices()
            .Add<IEmbeddingsProvider>(new TestEmbeddingsProvider(_embedder))
            .Add(_memory);
        if (chat is not null) services.Add<IChatProvider>(new TestChatProvider(chat));
        return ActivityHarness.StartAsync(_directory, services, "workflows.db");
    }
}
