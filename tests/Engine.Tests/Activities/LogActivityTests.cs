using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class LogActivityTests
{
    private readonly ActivityTestHost _host = new();

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("information", LogLevel.Information)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public async Task ExecuteAsync_Level_WritesAtThatLevel(string level, LogLevel expected)
    {
        var result = await new LogActivity().ExecuteAsync(_host.Context("log", new JsonObject { ["message"] = "hello", ["level"] = level }));

        _host.Log.Entries.ShouldBe([(expected, "hello")]);
        result.Port.ShouldBe("done");
        result.Output!["message"]!.GetValue<string>().ShouldBe("hello");
        result.Output["level"]!.GetValue<string>().ShouldBe(level.ToLowerInvariant());
    }

    [Fact]
    public async Task ExecuteAsync_NoLevel_WritesInformation()
    {
        await new LogActivity().ExecuteAsync(_host.Context("log", new JsonObject { ["message"] = "x" }));

        _host.Log.Entries.Single().Level.ShouldBe(LogLevel.Information);
    }

    [Fact]
    public async Task ExecuteAsync_ObjectMessage_WritesJson()
    {
        var result = await new LogActivity().ExecuteAsync(_host.Context("log", new JsonObject { ["message"] = new JsonObject { ["n"] = 3 } }));

        _host.Log.Entries.Single().Message.ShouldBe("{\"n\":3}");
        result.Output!["message"]!.GetValue<string>().ShouldBe("{\"n\":3}");
    }

    [Fact]
    public async Task ExecuteAsync_UnknownLevel_FailsAsValidation()
    {
        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new LogActivity().ExecuteAsync(_host.Context("log", new JsonObject { ["message"] = "x", ["level"] = "loud" })));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("loud");
        _host.Log.Entries.ShouldBeEmpty();
    }
}
