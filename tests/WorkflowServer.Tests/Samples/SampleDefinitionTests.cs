using System.Net;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>Every file in workflows/ passes the server's validator and publishes its trigger route.</summary>
public sealed class SampleDefinitionTests
{
    public static TheoryData<string> Samples => [.. SampleFiles.All];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Validate_ShippedSample_IsValid(string sample)
    {
        await using var host = await ServerHost.StartAsync();
        var result = await (await host.Client.PostJsonAsync("api/definitions/validate", SampleFiles.Definition(sample))).ShouldBeJsonAsync(HttpStatusCode.OK);
        result["valid"]!.GetValue<bool>().ShouldBeTrue(result.ToJsonString());
    }

    [Fact]
    public async Task Publish_AiSamples_AnswerOnTheirRoutes()
    {
        await using var server = await SampleServer.StartAsync(["document-ingestion", "document-search", "chat-pipeline", "onboarding", "agent-chain"]);
        // A GET on a POST route is 405, which proves the route is published; 404 would mean it is not.
        foreach (var route in new[] { "documents/ingest", "chat", "onboarding", "agents/brief" })
            (await server.Client.GetAsync("workflows/" + route)).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed, route);
        (await server.Client.PostAsync("workflows/documents/search", null)).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }
}
