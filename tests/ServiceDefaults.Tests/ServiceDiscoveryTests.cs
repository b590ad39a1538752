using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Weft.ServiceDefaults.Discovery;

namespace Weft.ServiceDefaults.Tests;

public sealed class ServiceDiscoveryTests
{
    private static async Task<TestApp> StartBackendAsync() =>
        await TestApp.StartAsync(app => app.MapGet("/ping", () => "pong from backend"), serviceDefaults: false);

    [Theory]
    [InlineData("http://backend/ping")]
    [InlineData("https+http://backend/ping")]
    public async Task Get_ServiceName_ReachesTheConfiguredEndpoint(string url)
    {
        await using var backend = await StartBackendAsync();
        await using var app = await TestApp.StartAsync(_ => { }, new Dictionary<string, string?>
        {
            ["services:backend:http:0"] = backend.BaseAddress.ToString(),
        });

        var answer = await app.CreateFactoryClient().GetStringAsync(new Uri(url));

        answer.ShouldBe("pong from backend");
    }

    [Fact]
    public async Task Get_HostThatIsNoService_PassesThroughUntouched()
    {
        await using var backend = await StartBackendAsync();
        await using var app = await TestApp.StartAsync(_ => { }, new Dictionary<string, string?>
        {
            ["services:backend:http:0"] = "http://127.0.0.1:9/", // never used: the request names no service
        });

        using var response = await app.CreateFactoryClient().GetAsync(new Uri(backend.BaseAddress, "ping"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.RequestMessage!.RequestUri.ShouldBe(new Uri(backend.BaseAddress, "ping"));
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();

    [Theory]
    [InlineData("http://backend/a/b?x=1", "http://10.0.0.1:5000/a/b?x=1")]
    [InlineData("https://backend/a", "https://10.0.0.2:5001/a")]
    [InlineData("https+http://backend/a", "https://10.0.0.2:5001/a")]
    [InlineData("http+https://backend/a", "http://10.0.0.1:5000/a")]
    [InlineData("http://BACKEND/a", "http://10.0.0.1:5000/a")]
    public void Resolve_ConfiguredService_UsesTheEndpointForTheScheme(string request, string expected)
    {
        var config = Config(("services:backend:http:0", "http://10.0.0.1:5000"), ("services:backend:https:0", "https://10.0.0.2:5001/"));

        ServiceEndpoints.Resolve(config, new Uri(request)).ShouldBe(new Uri(expected));
    }

    [Fact]
    public void Resolve_HttpsPlusHttpWithOnlyHttp_FallsBackToHttp()
    {
        var config = Config(("services:backend:http:0", "http://10.0.0.1:5000"));

        ServiceEndpoints.Resolve(config, new Uri("https+http://backend/a")).ShouldBe(new Uri("http://10.0.0.1:5000/a"));
        ServiceEndpoints.Resolve(config, new Uri("https://backend/a")).ShouldBeNull();
    }

    [Fact]
    public void Resolve_EndpointWithBasePathOrWithoutScheme_IsCombined()
    {
        var config = Config(("services:api:http:0", "http://10.0.0.1:5000/v2/"), ("services:bare:http:0", "10.0.0.3:7000"));

        ServiceEndpoints.Resolve(config, new Uri("http://api/items")).ShouldBe(new Uri("http://10.0.0.1:5000/v2/items"));
        ServiceEndpoints.Resolve(config, new Uri("http://bare/items")).ShouldBe(new Uri("http://10.0.0.3:7000/items"));
    }

    [Fact]
    public void Resolve_UnknownService_ReturnsNull()
    {
        var config = Config(("services:backend:http:0", "http://10.0.0.1:5000"));

        ServiceEndpoints.Resolve(config, new Uri("http://example.com/a")).ShouldBeNull();
    }
}
