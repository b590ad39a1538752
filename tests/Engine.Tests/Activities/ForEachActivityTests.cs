using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Activities;

public class ForEachActivityTests
{
    private readonly ActivityTestHost _host = new();

    [Fact]
    public async Task Protocol_Array_IteratesEachItemThenCompletesWithResults()
    {
        var inputs = new JsonObject { ["items"] = new JsonArray("a", "b", "c") };

        var run = await ContainerDriver.RunAsync(new ForEachActivity(), _host, "flow.foreach", inputs,
            locals => locals["item"]!.GetValue<string>().ToUpperInvariant());

        run.Locals.Select(l => l.ToJsonString()).ShouldBe([
            "{\"item\":\"a\",\"index\":0}", "{\"item\":\"b\",\"index\":1}", "{\"item\":\"c\",\"index\":2}"]);
        run.Final.Port.ShouldBe("done");
        run.Final.Output!.ToJsonString().ShouldBe("{\"results\":[\"A\",\"B\",\"C\"],\"count\":3}");
    }

    [Fact]
    public async Task Protocol_Object_IteratesEntriesAsKeyValue()
    {
        var inputs = new JsonObject { ["items"] = new JsonObject { ["x"] = 1, ["y"] = new JsonObject { ["z"] = true } } };

        var run = await ContainerDriver.RunAsync(new ForEachActivity(), _host, "flow.foreach", inputs, locals => locals["item"]!["key"]!.DeepClone());

        run.Locals.Select(l => l["item"]!.ToJsonString()).ShouldBe(["{\"key\":\"x\",\"value\":1}", "{\"key\":\"y\",\"value\":{\"z\":true}}"]);
        run.Final.Output!["results"]!.ToJsonString().ShouldBe("[\"x\",\"y\"]");
    }

    [Fact]
    public async Task Protocol_EmptyArray_CompletesOnFirstCall()
    {
        var run = await ContainerDriver.RunAsync(new ForEachActivity(), _host, "flow.foreach", new JsonObject { ["items"] = new JsonArray() }, _ => null);

        run.Locals.ShouldBeEmpty();
        run.Final.Output!.ToJsonString().ShouldBe("{\"results\":[],\"count\":0}");
    }

    [Fact]
    public async Task Protocol_ItemsChangeBetweenCalls_KeepsTheItemsOfTheFirstCall()
    {
        var activity = new ForEachActivity();
        var progress = new ContainerProgress();
        _host.Container = progress;

        var first = await activity.ExecuteAsync(_host.Context("flow.foreach", new JsonObject { ["items"] = new JsonArray(1, 2) }));
        progress.Results.Add(null);
        progress.Index = 1;
        var second = await activity.ExecuteAsync(_host.Context("flow.foreach", new JsonObject { ["items"] = new JsonArray(7, 8, 9) }));

        first.IterationLocals!["item"]!.GetValue<int>().ShouldBe(1);
        second.IterationLocals!["item"]!.GetValue<int>().ShouldBe(2);
        progress.Data!.ToJsonString().ShouldBe("[1,2]");
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public async Task ExecuteAsync_ItemsNotArrayOrObject_FailsNonRetryable(string items)
    {
        _host.Container = new ContainerProgress();

        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new ForEachActivity().ExecuteAsync(_host.Context("flow.foreach", new JsonObject { ["items"] = JsonNode.Parse(items) })));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
        ex.Retryable.ShouldBeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_MoreItemsThanMaxIterations_FailsWithLimitExceeded()
    {
        _host.Container = new ContainerProgress();
        var inputs = new JsonObject { ["items"] = new JsonArray(1, 2, 3), ["maxIterations"] = 2 };

        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new ForEachActivity().ExecuteAsync(_host.Context("flow.foreach", inputs)));

        ex.ErrorType.ShouldBe(ErrorTypes.LimitExceeded);
        ex.Retryable.ShouldBeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_WithoutContainerProgress_Fails()
    {
        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new ForEachActivity().ExecuteAsync(_host.Context("flow.foreach", new JsonObject { ["items"] = new JsonArray(1) })));

        ex.Message.ShouldContain("container");
    }
}
