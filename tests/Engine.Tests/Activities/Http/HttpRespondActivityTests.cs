using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Http;

namespace Weft.Engine.Tests.Activities.Http;

public sealed class HttpRespondActivityTests
{
    private readonly HttpActivityTestHost _host = new();

    private Task<ActivityResult> RunAsync(JsonObject inputs) =>
        new HttpRespondActivity().ExecuteAsync(_host.Context("http.respond", inputs)).AsTask();

    [Fact]
    public async Task ExecuteAsync_StringBody_EmitsTextResponseAndCompletesWithIt()
    {
        var result = await RunAsync(new JsonObject { ["body"] = "hello" });

        var (type, data) = _host.Events.ShouldHaveSingleItem();
        type.ShouldBe(HttpResponseEvent.Type);
        data!["status"]!.GetValue<int>().ShouldBe(200);
        data["body"]!.GetValue<string>().ShouldBe("hello");
        data["contentType"]!.GetValue<string>().ShouldBe("text/plain; charset=utf-8");
        result.Port.ShouldBe("done");
        JsonNode.DeepEquals(result.Output, data).ShouldBeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_ObjectBodyAndHeaders_EmitsJsonWithHeadersAsText()
    {
        await RunAsync(new JsonObject
        {
            ["status"] = 201,
            ["headers"] = new JsonObject { ["X-Id"] = "7", ["X-Count"] = 3, ["X-None"] = null },
            ["body"] = new JsonObject { ["id"] = 7 },
        });

        var data = _host.Events.ShouldHaveSingleItem().Data!;
        data["status"]!.GetValue<int>().ShouldBe(201);
        data["contentType"]!.GetValue<string>().ShouldBe("application/json; charset=utf-8");
        data["headers"]!.ToJsonString().ShouldBe("""{"X-Id":"7","X-Count":"3"}""");
        data["body"]!["id"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public async Task ExecuteAsync_ExplicitContentType_IsKept()
    {
        await RunAsync(new JsonObject { ["body"] = "<p>hi</p>", ["contentType"] = "text/html" });

        _host.Events.ShouldHaveSingleItem().Data!["contentType"]!.GetValue<string>().ShouldBe("text/html");
    }

    [Theory]
    [InlineData(42)]
    [InlineData(600)]
    public async Task ExecuteAsync_StatusOutOfRange_FailsAsValidationWithoutResponding(int status)
    {
        var ex = await Should.ThrowAsync<ActivityException>(() => RunAsync(new JsonObject { ["status"] = status }));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
        _host.Events.ShouldBeEmpty();
    }
}
