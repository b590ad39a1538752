using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Tests.Supervisor;

public sealed class StartOrderTests
{
    [Fact]
    public async Task StartAsync_WaitForProjectWithHealthCheck_StartsDependentOnlyAfterItIsHealthy()
    {
        await using var test = new TestApplication("--Weft:AppHost:Database=sqlite");
        var studio = test.Builder.AddProject("studio", "../src/Studio/Studio.csproj").WithHttpHealthCheck("/health");
        test.AddShell("late", "exec sleep 600").WaitFor(studio);
        test.Build();

        DateTimeOffset? studioHealthyAt = null;
        DateTimeOffset? lateStartingAt = null;
        test.Catalog.ResourceChanged += s =>
        {
            if (s.Name == "studio" && s.Health == ResourceHealth.Healthy)
                studioHealthyAt ??= DateTimeOffset.UtcNow;
            if (s.Name == "late" && s.State == ResourceState.Starting)
                lateStartingAt ??= DateTimeOffset.UtcNow;
        };
        await test.StartAsync();

        var waiting = test.Catalog.GetResources().Single(r => r.Name == "late");
        waiting.State.ShouldBeOneOf(ResourceState.Waiting, ResourceState.Starting, ResourceState.Running);
        await test.WaitHealthyAsync("late");
        studioHealthyAt.ShouldNotBeNull();
        lateStartingAt.ShouldNotBeNull();
        lateStartingAt.Value.ShouldBeGreaterThanOrEqualTo(studioHealthyAt.Value);
    }

    [Fact]
    public async Task StartAsync_DependencyChain_StartsEachAfterWhatItReferences()
    {
        await using var test = new TestApplication();
        var first = test.AddShell("first", "exec sleep 600").WithHttpEndpoint();
        var second = test.AddShell("second", "exec sleep 600").WithHttpEndpoint().WithReference(first).WaitFor(first);
        test.AddShell("third", "exec sleep 600").WithReference(second).WaitFor(second);
        test.Build();
        var started = new List<string>();
        test.Catalog.ResourceChanged += s =>
        {
            if (s.State == ResourceState.Starting)
                lock (started) started.Add(s.Name);
        };

        await test.StartAsync();
        await test.WaitHealthyAsync("third");

        lock (started) started.ShouldBe(["first", "second", "third"]);
    }

    [Fact]
    public void Build_ResourcesWaitingForEachOther_ThrowsNamingTheCycle()
    {
        var test = new TestApplication();
        var a = test.AddShell("a", "true");
        var b = test.AddShell("b", "true").WaitFor(a);
        a.WaitFor(b);

        var error = Should.Throw<InvalidOperationException>(() => test.Builder.Build());
        error.Message.ShouldContain("a → b → a");
    }

    [Fact]
    public void AddProject_MissingProjectFile_ThrowsWithThePath()
    {
        var test = new TestApplication();
        var error = Should.Throw<FileNotFoundException>(() => test.Builder.AddProject("ghost", "../src/Ghost/Ghost.csproj"));
        error.Message.ShouldContain("Ghost.csproj");
    }

    [Fact]
    public void AddExecutable_NameThatCannotBeAnEnvironmentVariable_Throws()
    {
        var test = new TestApplication();
        Should.Throw<ArgumentException>(() => test.AddShell("bad name", "true")).Message.ShouldContain("bad name");
    }
}
