using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Activities;

public class RunWorkflowActivityTests
{
    private readonly ActivityTestHost _host = new() { InstanceId = "parent-1", IdempotencyKey = "parent-1/call/0" };

    private static JsonObject Inputs(bool? wait = null)
    {
        var inputs = new JsonObject { ["definitionId"] = "child-flow", ["version"] = 2, ["input"] = new JsonObject { ["n"] = 1 } };
        if (wait is { } w) inputs["wait"] = w;
        return inputs;
    }

    [Fact]
    public async Task ExecuteAsync_Wait_StartsChildWithParentLinksAndSuspendsOnIt()
    {
        var result = await new RunWorkflowActivity().ExecuteAsync(_host.Context("workflow.run", Inputs(), nodeId: "call"));

        var start = _host.Client.Starts.ShouldHaveSingleItem();
        start.DefinitionId.ShouldBe("child-flow");
        start.Version.ShouldBe(2);
        start.Input!.ToJsonString().ShouldBe("{\"n\":1}");
        start.AllowDraft.ShouldBeTrue();
        start.ParentInstanceId.ShouldBe("parent-1");
        start.ParentNodeId.ShouldBe("call");
        start.InstanceId.ShouldBe(RunWorkflowActivity.ChildInstanceId("parent-1/call/0"));
        result.Bookmark!.Kind.ShouldBe(BookmarkKind.Child);
        result.Bookmark.Name.ShouldBe(start.InstanceId);
    }

    [Fact]
    public void ChildInstanceId_SameKey_SameId_DifferentKey_DifferentId()
    {
        var first = RunWorkflowActivity.ChildInstanceId("i/n/0");

        RunWorkflowActivity.ChildInstanceId("i/n/0").ShouldBe(first);
        RunWorkflowActivity.ChildInstanceId("i/n/1").ShouldNotBe(first);
        RunWorkflowActivity.ChildInstanceId("j/n/0").ShouldNotBe(first);
        Guid.Parse(first).Version.ShouldBe(5);
    }

    [Fact]
    public void DeterministicId_MatchesRfc9562NameBasedUuid()
    {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        DeterministicId.Create(dns, "www.example.com").ShouldBe(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    [Fact]
    public async Task ExecuteAsync_RerunAfterCrash_FindsTheSameChild()
    {
        var activity = new RunWorkflowActivity();

        await activity.ExecuteAsync(_host.Context("workflow.run", Inputs(), nodeId: "call"));
        await activity.ExecuteAsync(_host.Context("workflow.run", Inputs(), nodeId: "call"));

        _host.Client.Starts.Select(s => s.InstanceId).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_RerunAfterChildEnded_CompletesWithoutWaiting()
    {
        var childId = RunWorkflowActivity.ChildInstanceId(_host.IdempotencyKey);
        _host.Client.SetInstance(childId, InstanceStatus.Completed, new JsonObject { ["answer"] = 42 });

        var result = await new RunWorkflowActivity().ExecuteAsync(_host.Context("workflow.run", Inputs()));

        result.IsSuspended.ShouldBeFalse();
        result.Output!.ToJsonString().ShouldBe("{\"answer\":42}");
    }

    [Fact]
    public async Task ExecuteAsync_NoWait_CompletesWithInstanceId()
    {
        var result = await new RunWorkflowActivity().ExecuteAsync(_host.Context("workflow.run", Inputs(wait: false)));

        result.Port.ShouldBe("done");
        result.Output!["instanceId"]!.GetValue<string>().ShouldBe(_host.Client.Starts.Single().InstanceId);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownDefinition_FailsNonRetryable()
    {
        _host.Client.StartFailure = new WorkflowNotFoundException("child-flow", "No workflow 'child-flow'.");

        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new RunWorkflowActivity().ExecuteAsync(_host.Context("workflow.run", Inputs())));

        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("No workflow 'child-flow'.");
    }

    [Theory]
    [InlineData("Completed")]
    [InlineData("completed")]
    public async Task ResumeAsync_ChildCompleted_CompletesWithChildOutput(string status)
    {
        var payload = new JsonObject { ["instanceId"] = "c1", ["status"] = status, ["output"] = new JsonObject { ["ok"] = true }, ["error"] = null };

        var result = await new RunWorkflowActivity().ResumeAsync(_host.Context("workflow.run", Inputs()), Bookmark.ForChild("c1"),
            new BookmarkResumption { Reason = ResumeReason.ChildEnded, Payload = payload });

        result.Port.ShouldBe("done");
        result.Output!.ToJsonString().ShouldBe("{\"ok\":true}");
    }

    [Theory]
    [InlineData("Faulted")]
    [InlineData("Cancelled")]
    [InlineData("TimedOut")]
    public async Task ResumeAsync_ChildDidNotComplete_FailsWithChildFailed(string status)
    {
        var payload = new JsonObject
        {
            ["instanceId"] = "c1",
            ["status"] = status,
            ["error"] = new JsonObject { ["type"] = "Timeout", ["message"] = "step 'embed' timed out" },
        };

        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new RunWorkflowActivity().ResumeAsync(_host.Context("workflow.run", Inputs()), Bookmark.ForChild("c1"),
                new BookmarkResumption { Reason = ResumeReason.ChildEnded, Payload = payload }));

        ex.ErrorType.ShouldBe(ErrorTypes.ChildFailed);
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain(status);
        ex.Message.ShouldContain("step 'embed' timed out");
        ex.Details!["instanceId"]!.GetValue<string>().ShouldBe("c1");
    }
}
