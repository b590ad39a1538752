using System.Net;
using System.Net.Http.Json;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Activities.Http;
using Weft.Engine.Expressions;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Validation;

namespace Weft.WorkflowServer.Tests.Triggers;

/// <summary>The sample definitions in workflows/ validate and do what their descriptions say.</summary>
public sealed class SampleWorkflowTests
{
    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "workflows", name);
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"workflows/{name} not found above {AppContext.BaseDirectory}.");
    }

    [Theory]
    [InlineData("http-echo.json")]
    [InlineData("http-async.json")]
    public void Sample_Validates(string name)
    {
        var registry = HttpActivities.Register(CoreActivities.Register(new ActivityRegistry()));

        var result = new WorkflowValidator(registry, ExpressionEngine.Default).Validate(WeftJson.ParseDefinition(Sample(name)));

        result.Errors.ShouldBeEmpty(string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    [Fact]
    public async Task HttpEcho_Post_AnswersGreetingNameAndInput()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Sample("http-echo.json"));

        using var response = await server.Client.PostAsJsonAsync("workflows/echo/Ada?lang=en", new { mood = "curious" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Headers.GetValues("X-Workflow").Single().ShouldBe("http-echo");
        var body = await response.ReadJsonObjectAsync();
        body["greeting"]!.GetValue<string>().ShouldBe("Hello, Ada!");
        body["name"]!.GetValue<string>().ShouldBe("Ada");
        body["input"]!.ToJsonString().ShouldBe("""{"mood":"curious","name":"Ada","lang":"en"}""");
    }

    [Fact]
    public async Task HttpAsync_Post_Answers202AndTheJobCompletes()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Sample("http-async.json"));

        using var response = await server.Client.PostAsJsonAsync("workflows/jobs", new { items = new[] { "a", "b" } });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var instance = await server.WaitForEndAsync((await response.ReadJsonObjectAsync())["instanceId"]!.GetValue<string>());
        instance.Status.ShouldBe(InstanceStatus.Completed, instance.Error?.Message);
        instance.Output!["processed"]!.GetValue<double>().ShouldBe(2);
        instance.Output["items"]!.ToJsonString().ShouldBe("""["A","B"]""");
    }
}
