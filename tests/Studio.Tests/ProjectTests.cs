namespace Weft.Studio.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void StudioAssembly_IsNamedWeftStudio()
    {
        typeof(Program).Assembly.GetName().Name.ShouldBe("Weft.Studio");
    }
}
