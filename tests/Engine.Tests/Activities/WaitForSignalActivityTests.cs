using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class WaitForSignalActivityTests
{
    private readonly ActivityTestHost _host = new();

    [Fact]
    public async Task ExecuteAsync_NoTimeout_SuspendsOnSignalWithoutDueTime()
    {
        var result = await new WaitForSignalActivity().ExecuteAsync(_host.Context("signal.wait", new JsonObject { ["signal"] = "user-message" }));

        result.Bookmark!.Kind.ShouldBe(BookmarkKind.Signal);
        result.Bookmark.Name.ShouldBe("user-message");
        result.Bookmark.DueAt.ShouldBeNull();
    }

    [Fact]
    public async Task ExecuteAsync_Timeout_SuspendsWithTimeoutAt()
    {
        var result = await new WaitForSignalActivity().ExecuteAsync(
            _host.Context("signal.wait", new JsonObject { ["signal"] = "approval", ["timeout"] = "PT30M" }));

        result.Bookmark!.DueAt.ShouldBe(_host.Clock.Now.AddMinutes(30));
    }

    [Fact]
    public async Task ExecuteAsync_NoSignalName_FailsAsValidation()
    {
        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new WaitForSignalActivity().ExecuteAsync(_host.Context("signal.wait", new JsonObject { ["signal"] = " " })));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
    }

    [Fact]
    public async Task ResumeAsync_Signal_CompletesOnDoneWithPayload()
    {
        var activity = new WaitForSignalActivity();
        var context = _host.Context("signal.wait", new JsonObject { ["signal"] = "user-message" });
        var suspended = await activity.ExecuteAsync(context);

        var result = await activity.ResumeAsync(context, suspended.Bookmark!,
            new BookmarkResumption { Reason = ResumeReason.Signal, Payload = new JsonObject { ["text"] = "hi" } });

        result.Port.ShouldBe("done");
        result.Output!.ToJsonString().ShouldBe("{\"text\":\"hi\"}");
    }

    [Fact]
    public async Task ResumeAsync_TimedOut_CompletesOnTimeoutWithNull()
    {
        var activity = new WaitForSignalActivity();
        var context = _host.Context("signal.wait", new JsonObject { ["signal"] = "approval", ["timeout"] = 10 });
        var suspended = await activity.ExecuteAsync(context);

        var result = await activity.ResumeAsync(context, suspended.Bookmark!, new BookmarkResumption { Reason = ResumeReason.TimedOut });

        result.Port.ShouldBe("timeout");
        result.Output.ShouldBeNull();
    }

    [Fact]
    public async Task ResumeAsync_UnexpectedReason_Fails()
    {
        var activity = new WaitForSignalActivity();
        var context = _host.Context("signal.wait", new JsonObject { ["signal"] = "x" });

        await Should.ThrowAsync<ActivityException>(async () =>
            await activity.ResumeAsync(context, Bookmark.ForSignal("x"), new BookmarkResumption { Reason = ResumeReason.ChildEnded }));
    }
}
