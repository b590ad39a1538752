using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;
using Weft.AppHost.Supervisor;

namespace Weft.AppHost.Tests.Supervisor;

public sealed class EdgeCaseTests
{
    [Fact]
    public async Task StartAsync_ProgramThatDoesNotExist_IsFailedAndNotRestarted()
    {
        await using var test = new TestApplication();
        test.Builder.AddExecutable("ghost", "/nonexistent/program", ".");
        test.Build();
        await test.StartAsync();

        var failed = await test.WaitForAsync("ghost", s => s.State == ResourceState.Failed);
        failed.Restarts.ShouldBe(0);
        test.Output.ShouldContain("ghost: could not start");
        test.ConsoleText("ghost").ShouldContain("[apphost] could not start");
    }

    [Fact]
    public void Build_DependencyFromAnotherApplication_ThrowsNamingIt()
    {
        var other = new TestApplication();
        var stranger = other.AddShell("stranger", "true");
        var test = new TestApplication();
        test.AddShell("local", "true").WaitFor(stranger);

        Should.Throw<InvalidOperationException>(() => test.Builder.Build()).Message.ShouldContain("'local' depends on 'stranger'");
    }

    [Fact]
    public void PathOf_ProjectWithItsOwnAssemblyName_IsTheBuiltDllOfThatName()
    {
        var test = new TestApplication();
        var server = test.Builder.AddProject("workflowserver", "../src/WorkflowServer/WorkflowServer.csproj");

        var dll = ProjectOutput.PathOf(server.Resource);

        dll.ShouldBe(Path.Combine(Path.GetDirectoryName(server.Resource.ProjectPath)!, "bin", AppHostPaths.BuildConfiguration, "net10.0", "Weft.WorkflowServer.dll"));
        File.Exists(dll).ShouldBeTrue("building the AppHost builds the projects it runs");
    }
}
