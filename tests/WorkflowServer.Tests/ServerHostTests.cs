using System.Net;

namespace Weft.WorkflowServer.Tests;

public sealed class ServerHostTests
{
    [Fact]
    public async Task Start_ServesHealthAndAliveOverLoopback()
    {
        await using var server = await ServerHost.StartAsync();

        server.BaseAddress.Host.ShouldBe("127.0.0.1");
        (await server.Client.GetAsync("health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Client.GetAsync("alive")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
