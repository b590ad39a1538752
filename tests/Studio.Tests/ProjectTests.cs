namespace Weft.Studio.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void StudioAssembly_IsNamedWeftStudio()
    {
        typeof(Weft.Studio.Hosting.StudioHosting).Assembly.GetName().Name.ShouldBe("Weft.Studio");
    }
}
