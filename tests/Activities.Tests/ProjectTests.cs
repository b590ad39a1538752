using Weft.Engine.Activities;

namespace Weft.Activities.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void Register_AddsTheAiActivities_WithDescriptors()
    {
        var registry = new ActivityRegistry();
        AiActivities.Register(registry).ShouldBeSameAs(registry);

        foreach (var type in new[] { "ai.chat", "ai.classify", "ai.embed" })
        {
            registry.TryGet(type, out var registration).ShouldBeTrue(type);
            registration!.Descriptor.Category.ShouldBe("AI");
        }
    }
}
