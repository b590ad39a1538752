using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class FailAndFinishActivityTests
{
    private readonly ActivityTestHost _host = new();

    [Fact]
    public async Task Fail_WithTypeAndDetails_ThrowsNonRetryableWithThem()
    {
        var inputs = new JsonObject { ["message"] = "Order 7 is invalid", ["errorType"] = "InvalidOrder", ["details"] = new JsonObject { ["order"] = 7 } };

        var ex = await Should.ThrowAsync<ActivityException>(async () => await new FailActivity().ExecuteAsync(_host.Context("flow.fail", inputs)));

        ex.ErrorType.ShouldBe("InvalidOrder");
        ex.Message.ShouldBe("Order 7 is invalid");
        ex.Retryable.ShouldBeFalse();
        ex.Details!.ToJsonString().ShouldBe("{\"order\":7}");
    }

    [Fact]
    public async Task Fail_NoErrorType_UsesWorkflowFailed()
    {
        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new FailActivity().ExecuteAsync(_host.Context("flow.fail", new JsonObject { ["message"] = "stop" })));

        ex.ErrorType.ShouldBe("WorkflowFailed");
    }

    [Fact]
    public async Task Finish_Output_FinishesTheWorkflowWithIt()
    {
        var result = await new FinishActivity().ExecuteAsync(_host.Context("flow.finish", new JsonObject { ["output"] = new JsonObject { ["status"] = "SUCCEEDED" } }));

        result.FinishesWorkflow.ShouldBeTrue();
        result.Output!.ToJsonString().ShouldBe("{\"status\":\"SUCCEEDED\"}");
    }
}
