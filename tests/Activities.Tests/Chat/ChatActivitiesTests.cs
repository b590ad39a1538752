using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Chat;

public sealed class ChatActivitiesTests
{
    private static readonly ActivityRegistry Registry = ChatActivities.Register(new ActivityRegistry());

    private static ActivityDescriptor Descriptor(string type) => Registry.Descriptors.Single(d => d.Type == type);

    private static JsonNode? Default(string type, string input) => Descriptor(type).Inputs.Single(i => i.Name == input).Default;

    [Fact]
    public void Register_AddsTheThreeModelActivitiesUnderAI()
    {
        Registry.Descriptors.Select(d => d.Type).ShouldBe(["ai.chat", "ai.classify", "ai.embed"]);
        Registry.Descriptors.ShouldAllBe(d => d.Category == "AI" && !string.IsNullOrWhiteSpace(d.Description));
    }

    [Fact]
    public void Descriptors_ShowTheDocumentedDefaults()
    {
        Default("ai.chat", "model")!.GetValue<string>().ShouldBe("main");
        Default("ai.chat", "stream")!.GetValue<bool>().ShouldBeTrue();
        Default("ai.classify", "model")!.GetValue<string>().ShouldBe("router");
        Default("ai.classify", "minConfidence")!.GetValue<double>().ShouldBe(0);
        Default("ai.embed", "model")!.GetValue<string>().ShouldBe("embeddings");
        Default("ai.embed", "batchSize")!.GetValue<int>().ShouldBe(64);
    }

    [Fact]
    public void Descriptors_ClassifyHasComputedPorts_ChatDeclaresItsOutputs()
    {
        Descriptor("ai.classify").HasComputedPorts.ShouldBeTrue();
        Descriptor("ai.classify").Ports.ShouldBe(["fallback"]);
        Descriptor("ai.chat").Outputs.Select(o => o.Name).ShouldBe(["text", "json", "usage", "model", "finishReason"]);
        Descriptor("ai.classify").Inputs.Where(i => i.Required).Select(i => i.Name).ShouldBe(["categories", "text"], ignoreOrder: true);
    }

    [Fact]
    public async Task ExecuteAsync_EmptyModelAlias_FailsValidation()
    {
        var host = new Support.ActivityTestHost();
        var failure = await Should.ThrowAsync<ActivityException>(async () =>
            await new ChatActivity().ExecuteAsync(host.Context("ai.chat", new JsonObject { ["model"] = " ", ["user"] = "hi" })));
        failure.ErrorType.ShouldBe(ErrorTypes.Validation);
        failure.Message.ShouldContain("Input 'model'");
    }
}
