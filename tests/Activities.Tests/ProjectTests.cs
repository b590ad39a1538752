using Weft.Engine.Activities;

namespace Weft.Activities.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void Register_ReturnsTheSameRegistry()
    {
        var registry = new ActivityRegistry();
        AiActivities.Register(registry).ShouldBeSameAs(registry);
    }
}
