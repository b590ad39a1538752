using System.Net;

namespace Weft.WorkflowServer.Tests;

public sealed class ApiKeyTests
{
    private static readonly Dictionary<string, string?> OneKey = new() { ["Weft:ApiKeys:0"] = "k1" };

    [Theory]
    [InlineData("api/definitions")]
    [InlineData("openapi/v1.json")]
    [InlineData("workflows/anything")]
    public async Task Production_MissingKey_Returns401ProblemDetails(string path)
    {
        await using var server = await ServerHost.StartAsync(OneKey, environment: "Production");

        var response = await server.Client.GetAsync(path);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "X-Api-Key");
        problem["detail"]!.GetValue<string>().ShouldContain("X-Api-Key");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("X-Api-Key");
    }

    [Fact]
    public async Task Production_WrongKey_Returns401()
    {
        await using var server = await ServerHost.StartAsync(OneKey, environment: "Production");
        using var client = server.ClientWithKey("k2");

        await (await client.GetAsync("api/definitions")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "X-Api-Key");
        using var longer = server.ClientWithKey("k1k1");
        await (await longer.GetAsync("api/definitions")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Production_RightKey_Returns200()
    {
        await using var server = await ServerHost.StartAsync(
            new Dictionary<string, string?> { ["Weft:ApiKeys:0"] = "k1", ["Weft:ApiKeys:1"] = "k2" }, environment: "Production");
        using var first = server.ClientWithKey("k1");
        using var second = server.ClientWithKey("k2");

        (await first.GetAsync("api/definitions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.GetAsync("openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Production_HealthEndpoints_StayOpen()
    {
        await using var server = await ServerHost.StartAsync(OneKey, environment: "Production");

        (await server.Client.GetAsync("health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Client.GetAsync("alive")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Production_NoKeysConfigured_RefusesEveryProtectedRequest_AndSaysHowToConfigure()
    {
        await using var server = await ServerHost.StartAsync(environment: "Production");
        using var client = server.ClientWithKey("anything");

        var problem = await (await client.GetAsync("api/definitions")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem["detail"]!.GetValue<string>().ShouldContain("Weft:ApiKeys");
        (await server.Client.GetAsync("health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Development_IsOpenWithoutAKey()
    {
        await using var server = await ServerHost.StartAsync(OneKey, environment: "Development");

        (await server.Client.GetAsync("api/definitions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Client.GetAsync("openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void Matches_ComparesWholeKeys()
    {
        Hosting.ApiKeys.Matches("k1", ["k0", "k1"]).ShouldBeTrue();
        Hosting.ApiKeys.Matches("k", ["k1"]).ShouldBeFalse();
        Hosting.ApiKeys.Matches("k1 ", ["k1"]).ShouldBeFalse();
        Hosting.ApiKeys.Matches("", ["", "k1"]).ShouldBeFalse();
    }
}
