using Weft.AppHost.Dashboard;

namespace Weft.AppHost.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void ResourceSnapshot_WithChangedState_KeepsOtherFields()
    {
        var running = new ResourceSnapshot("server", "project", ResourceState.Running, ResourceHealth.Healthy,
            ["http://127.0.0.1:5080"], 0, 42, DateTimeOffset.UnixEpoch, null, new Dictionary<string, string>());
        var exited = running with { State = ResourceState.Exited, ExitCode = 137 };
        exited.Name.ShouldBe("server");
        exited.State.ShouldNotBe(running.State);
        exited.Endpoints.ShouldBe(running.Endpoints);
    }
}
