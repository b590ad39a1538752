using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Activities.Providers;
using Weft.Activities.Tests.Chat.Support;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Tests.Chat;

public sealed class ClassifyActivityTests : ModelTestBase
{
    private static readonly ClassifyActivity Activity = new();

    private static JsonObject Inputs(string text = "Please make me a morning routine.", double? minConfidence = null)
    {
        var inputs = new JsonObject
        {
            ["categories"] = new JsonArray(
                "CHAT_RESPONSE",
                new JsonObject { ["name"] = "GENERATE_ROUTINE", ["description"] = "The user wants a new routine." },
                new JsonObject { ["name"] = "UPDATE_ROUTINE", ["description"] = "The user wants to change an existing routine." }),
            ["text"] = text,
        };
        if (minConfidence is not null) inputs["minConfidence"] = minConfidence;
        return inputs;
    }

    private async Task<ActivityResult> ClassifyAsync(JsonObject inputs) =>
        await Activity.ExecuteAsync(Host().Context("ai.classify", inputs));

    [Fact]
    public async Task ExecuteAsync_ModelPicksACategory_CompletesOnItsPort()
    {
        Server.Model(RouterModel).ReplyJson(new JsonObject { ["category"] = "GENERATE_ROUTINE", ["confidence"] = 0.92, ["reason"] = "Asks for a new routine." });

        var result = await ClassifyAsync(Inputs());

        result.Port.ShouldBe("GENERATE_ROUTINE");
        result.Output!["category"]!.GetValue<string>().ShouldBe("GENERATE_ROUTINE");
        result.Output["confidence"]!.GetValue<double>().ShouldBe(0.92);
        result.Output["reason"]!.GetValue<string>().ShouldBe("Asks for a new routine.");
        var sent = Server.Requests.ShouldHaveSingleItem();
        sent.Model.ShouldBe(RouterModel);
        sent.LastUserMessage.ShouldBe("Please make me a morning routine.");
        sent.Conversation[0].Content.ShouldContain("- UPDATE_ROUTINE: The user wants to change an existing routine.");
        var schema = sent.Body["response_format"]!["json_schema"]!["schema"]!;
        schema["properties"]!["category"]!["enum"]!.ToJsonString().ShouldBe("""["CHAT_RESPONSE","GENERATE_ROUTINE","UPDATE_ROUTINE"]""");
        sent.Body["temperature"]!.GetValue<double>().ShouldBe(0);
    }

    [Fact]
    public async Task ExecuteAsync_CategoryInOtherCase_MapsToTheDeclaredName()
    {
        Server.Model(RouterModel).Reply("""{"category": "update_routine", "confidence": "80%", "reason": "r"}""");
        var result = await ClassifyAsync(Inputs());
        result.Port.ShouldBe("UPDATE_ROUTINE");
        result.Output!["confidence"]!.GetValue<double>().ShouldBe(0.8, 1e-9);
    }

    [Theory]
    [InlineData("I think it is GENERATE_ROUTINE, probably.", "not a JSON object")]
    [InlineData("""["GENERATE_ROUTINE"]""", "not a JSON object")]
    [InlineData("""{"category": "DANCE", "confidence": 0.99, "reason": "?"}""", "'DANCE', which is not one of the categories")]
    [InlineData("", "not a JSON object")]
    public async Task ExecuteAsync_UnusableAnswer_TakesTheFallbackPort(string reply, string reason)
    {
        Server.Model(RouterModel).Reply(reply);

        var result = await ClassifyAsync(Inputs());

        result.Port.ShouldBe(ClassifyActivity.FallbackPort);
        result.Output!["category"].ShouldBeNull();
        result.Output["reason"]!.GetValue<string>().ShouldContain(reason);
        result.Output["raw"]!.GetValue<string>().ShouldBe(reply);
    }

    [Fact]
    public async Task ExecuteAsync_BelowMinConfidence_TakesTheFallbackPort()
    {
        Server.Model(RouterModel).ReplyJson(new JsonObject { ["category"] = "CHAT_RESPONSE", ["confidence"] = 0.4, ["reason"] = "unsure" });
        var result = await ClassifyAsync(Inputs(minConfidence: 0.6));
        result.Port.ShouldBe(ClassifyActivity.FallbackPort);
        result.Output!["confidence"]!.GetValue<double>().ShouldBe(0.4);
        result.Output["reason"]!.GetValue<string>().ShouldContain("below the minimum 0.6");
    }

    [Fact]
    public async Task ExecuteAsync_ProviderFailure_IsAnErrorNotAFallback()
    {
        Server.Model(RouterModel).Fault(503, "overloaded");
        var failure = await Should.ThrowAsync<ActivityException>(() => ClassifyAsync(Inputs()));
        failure.ErrorType.ShouldBe(ModelErrorTypes.Unavailable);
    }

    [Fact]
    public async Task ExecuteAsync_EmptyText_FailsValidation()
    {
        var failure = await Should.ThrowAsync<ActivityException>(() => ClassifyAsync(Inputs(text: "  ")));
        failure.ErrorType.ShouldBe("ValidationError");
        Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void GetPorts_LiteralCategories_OnePortEachThenFallback()
    {
        var node = new NodeDefinition
        {
            Id = "route",
            Type = "ai.classify",
            Inputs = new Dictionary<string, JsonNode?>
            {
                ["categories"] = new JsonArray("A", new JsonObject { ["name"] = "B" }, "A", new JsonObject { ["description"] = "no name" }, "{{ vars.x }}"),
            },
        };
        Activity.GetPorts(node).ShouldBe(["A", "B", "fallback"]);
    }

    [Fact]
    public void GetPorts_CategoriesFromAnExpression_OnlyFallback()
    {
        var node = new NodeDefinition { Id = "route", Type = "ai.classify", Inputs = new Dictionary<string, JsonNode?> { ["categories"] = "{{ input.categories }}" } };
        Activity.GetPorts(node).ShouldBe(["fallback"]);
    }
}
