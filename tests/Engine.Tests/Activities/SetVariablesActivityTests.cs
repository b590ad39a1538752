using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class SetVariablesActivityTests
{
    private readonly ActivityTestHost _host = new();

    [Fact]
    public async Task ExecuteAsync_NameAndValue_SetsOneVariable()
    {
        var result = await new SetVariablesActivity().ExecuteAsync(
            _host.Context("vars.set", new JsonObject { ["name"] = "count", ["value"] = 3 }));

        _host.Variables.Keys.ShouldBe(["count"]);
        _host.Variables["count"]!.GetValue<int>().ShouldBe(3);
        result.Output!.ToJsonString().ShouldBe("{\"count\":3}");
    }

    [Fact]
    public async Task ExecuteAsync_Values_SetsEachVariable()
    {
        var values = new JsonObject { ["a"] = "x", ["b"] = new JsonArray(1, 2), ["c"] = null };

        var result = await new SetVariablesActivity().ExecuteAsync(_host.Context("vars.set", new JsonObject { ["values"] = values }));

        _host.Variables.Keys.Order().ShouldBe(["a", "b", "c"]);
        _host.Variables["b"]!.ToJsonString().ShouldBe("[1,2]");
        _host.Variables["c"].ShouldBeNull();
        result.Output!.ToJsonString().ShouldBe("{\"a\":\"x\",\"b\":[1,2],\"c\":null}");
    }

    [Fact]
    public async Task ExecuteAsync_NameAlsoInValues_NameWins()
    {
        await new SetVariablesActivity().ExecuteAsync(_host.Context("vars.set", new JsonObject
        {
            ["values"] = new JsonObject { ["a"] = 1, ["b"] = 2 },
            ["name"] = "a",
            ["value"] = 10,
        }));

        _host.Variables["a"]!.GetValue<int>().ShouldBe(10);
        _host.Variables["b"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_SetValueIsIndependentOfOutput()
    {
        var result = await new SetVariablesActivity().ExecuteAsync(
            _host.Context("vars.set", new JsonObject { ["name"] = "list", ["value"] = new JsonArray(1) }));

        ((JsonArray)result.Output!["list"]!).Add(2);

        _host.Variables["list"]!.ToJsonString().ShouldBe("[1]");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"value\": 5}")]
    [InlineData("{\"values\": {\"\": 1}}")]
    public async Task ExecuteAsync_NothingUsable_FailsAsValidation(string inputs)
    {
        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new SetVariablesActivity().ExecuteAsync(_host.Context("vars.set", JsonNode.Parse(inputs)!.AsObject())));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
        _host.Variables.ShouldBeEmpty();
    }
}
