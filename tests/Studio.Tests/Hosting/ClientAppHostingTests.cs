using System.Net;
using Weft.Studio.Tests.Hosting;

namespace Weft.Studio.Tests.Hosting;

public sealed class ClientAppHostingTests
{
    [Fact]
    public async Task MapStudio_ClientRoute_ServesTheAppShell()
    {
        await using var studio = await StudioHost.StartAsync(new Dictionary<string, string?>());

        using var response = await studio.Client.GetAsync("/designer/some-workflow");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<div id=\"root\">");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
    }

    [Fact]
    public async Task MapStudio_Health_AnswersWithoutTheServer()
    {
        await using var studio = await StudioHost.StartAsync(new Dictionary<string, string?> { ["Weft:Studio:ServerUrl"] = "http://127.0.0.1:1" });

        using var response = await studio.Client.GetAsync("/alive");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
