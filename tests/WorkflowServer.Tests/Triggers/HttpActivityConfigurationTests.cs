using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine.Activities.Http;
using Weft.WorkflowServer.Triggers;

namespace Weft.WorkflowServer.Tests.Triggers;

public sealed class HttpActivityConfigurationTests
{
    private static HttpActivityOptions Read(Dictionary<string, string?> settings) =>
        HttpActivityConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Read_ListAndLimits_AreBound()
    {
        var options = Read(new()
        {
            ["Weft:Http:AllowedHosts:0"] = "api.example.com",
            ["Weft:Http:AllowedHosts:1"] = " *.internal.test ",
            ["Weft:Http:MaxResponseBytes"] = "2048",
            ["Weft:Http:MaxRedirects"] = "0",
        });

        options.AllowedHosts.ShouldBe(["api.example.com", "*.internal.test"]);
        options.MaxResponseBytes.ShouldBe(2048);
        options.MaxRedirects.ShouldBe(0);
    }

    [Fact]
    public void Read_OneSeparatedValue_IsSplit()
    {
        Read(new() { ["Weft:Http:AllowedHosts"] = "a.test, b.test;*.c.test" }).AllowedHosts.ShouldBe(["a.test", "b.test", "*.c.test"]);
    }

    [Fact]
    public void Read_Nothing_AllowsNoHostWithDefaultLimits()
    {
        var options = Read([]);

        options.AllowedHosts.ShouldBeEmpty();
        options.MaxResponseBytes.ShouldBe(10 * 1024 * 1024);
    }

    [Fact]
    public async Task Server_RegistersOptionsAndTheNamedClient()
    {
        await using var server = await TriggerTestServer.StartAsync(new Dictionary<string, string?> { ["Weft:Http:AllowedHosts:0"] = "127.0.0.1" });

        server.Services.GetRequiredService<HttpActivityOptions>().AllowedHosts.ShouldBe(["127.0.0.1"]);
        using var client = server.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientSource.ClientName);
        client.ShouldNotBeNull();
    }
}
