using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class DelayActivityTests
{
    private readonly ActivityTestHost _host = new();

    public static TheoryData<JsonNode> FiveSeconds => new() { "00:00:05", "PT5S", 5, "5" };

    [Theory]
    [MemberData(nameof(FiveSeconds))]
    public async Task ExecuteAsync_Duration_SuspendsOnTimerDueThen(JsonNode duration)
    {
        var result = await new DelayActivity().ExecuteAsync(_host.Context("timer.delay", new JsonObject { ["duration"] = duration.DeepClone() }));

        result.IsSuspended.ShouldBeTrue();
        result.Bookmark!.Kind.ShouldBe(BookmarkKind.Timer);
        result.Bookmark.DueAt.ShouldBe(_host.Clock.Now.AddSeconds(5));
    }

    [Fact]
    public async Task ExecuteAsync_Until_SuspendsUntilThatTime()
    {
        var until = _host.Clock.Now.AddHours(2);

        var result = await new DelayActivity().ExecuteAsync(_host.Context("timer.delay", new JsonObject { ["until"] = until.ToString("O") }));

        result.Bookmark!.DueAt.ShouldBe(until);
    }

    [Theory]
    [InlineData("{\"duration\": 0}")]
    [InlineData("{\"duration\": \"-00:00:01\"}")]
    [InlineData("{\"until\": \"2000-01-01T00:00:00Z\"}")]
    public async Task ExecuteAsync_NothingToWait_CompletesAtOnce(string inputs)
    {
        var result = await new DelayActivity().ExecuteAsync(_host.Context("timer.delay", JsonNode.Parse(inputs)!.AsObject()));

        result.IsSuspended.ShouldBeFalse();
        result.Port.ShouldBe("done");
        result.Output!["firedAt"]!.GetValue<DateTimeOffset>().ShouldBe(_host.Clock.Now);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"duration\": 5, \"until\": \"2031-01-01T00:00:00Z\"}")]
    [InlineData("{\"duration\": \"soon\"}")]
    public async Task ExecuteAsync_BadInputs_FailAsValidation(string inputs)
    {
        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new DelayActivity().ExecuteAsync(_host.Context("timer.delay", JsonNode.Parse(inputs)!.AsObject())));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
    }

    [Fact]
    public async Task ResumeAsync_TimerElapsed_CompletesWithFiredAt()
    {
        var activity = new DelayActivity();
        var suspended = await activity.ExecuteAsync(_host.Context("timer.delay", new JsonObject { ["duration"] = 60 }));
        _host.Clock.Now = suspended.Bookmark!.DueAt!.Value.AddMilliseconds(15);

        var result = await activity.ResumeAsync(_host.Context("timer.delay", new JsonObject { ["duration"] = 60 }), suspended.Bookmark,
            new BookmarkResumption { Reason = ResumeReason.TimerElapsed });

        result.Port.ShouldBe("done");
        result.Output!["firedAt"]!.GetValue<DateTimeOffset>().ShouldBe(_host.Clock.Now);
    }
}
