using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class WhileActivityTests
{
    private readonly ActivityTestHost _host = new();

    /// <summary>A loop over "vars.n &lt; 3" whose body increments n, as the runtime and expression engine would.</summary>
    private async Task<ContainerDriver.Run> RunCountingLoop(JsonObject inputs)
    {
        var n = 0;
        _host.Evaluator = _ => JsonValue.Create(n < 3);
        return await ContainerDriver.RunAsync(new WhileActivity(), _host, "flow.while", inputs, locals =>
        {
            n++;
            return JsonValue.Create(n * 10);
        });
    }

    [Fact]
    public async Task Protocol_ConditionTurnsFalse_CompletesWithIterationsAndResults()
    {
        var run = await RunCountingLoop(new JsonObject { ["condition"] = "vars.n < 3" });

        run.Locals.Select(l => l["iteration"]!.GetValue<int>()).ShouldBe([0, 1, 2]);
        run.Final.Port.ShouldBe("done");
        run.Final.Output!.ToJsonString().ShouldBe("{\"iterations\":3,\"results\":[10,20,30]}");
        _host.Evaluated.Count.ShouldBe(4); // before each of 3 iterations, and the one that ends the loop
    }

    [Theory]
    [InlineData("vars.n < 3", "{{ vars.n < 3 }}")]
    [InlineData("{{ vars.n < 3 }}", "{{ vars.n < 3 }}")]
    [InlineData("{{vars.n<3}}", "{{vars.n<3}}")]
    public async Task Protocol_BareOrTemplateCondition_EvaluatedAsTemplate(string condition, string evaluated)
    {
        await RunCountingLoop(new JsonObject { ["condition"] = condition });

        _host.Evaluated.Distinct().ShouldBe([evaluated]);
    }

    [Fact]
    public async Task Protocol_FalseAtStart_NeverIterates()
    {
        _host.Evaluator = _ => JsonValue.Create(false);

        var run = await ContainerDriver.RunAsync(new WhileActivity(), _host, "flow.while", new JsonObject { ["condition"] = "false" }, _ => null);

        run.Locals.ShouldBeEmpty();
        run.Final.Output!.ToJsonString().ShouldBe("{\"iterations\":0,\"results\":[]}");
    }

    [Fact]
    public async Task Protocol_ConditionAlwaysTrue_FailsAtMaxIterations()
    {
        _host.Evaluator = _ => JsonValue.Create(true);
        var iterations = 0;

        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await ContainerDriver.RunAsync(new WhileActivity(), _host, "flow.while",
                new JsonObject { ["condition"] = "true", ["maxIterations"] = 5 }, _ => iterations++));

        iterations.ShouldBe(5);
        ex.ErrorType.ShouldBe(ErrorTypes.LimitExceeded);
        ex.Retryable.ShouldBeFalse();
        ex.Message.ShouldContain("maxIterations 5");
    }

    [Fact]
    public async Task Protocol_DefaultLimit_Is1000Iterations()
    {
        _host.Evaluator = _ => JsonValue.Create(true);
        var iterations = 0;

        await Should.ThrowAsync<ActivityException>(async () =>
            await ContainerDriver.RunAsync(new WhileActivity(), _host, "flow.while", new JsonObject { ["condition"] = "true" }, _ => iterations++));

        iterations.ShouldBe(1000);
    }

    [Fact]
    public async Task Protocol_ConditionFalseExactlyAtLimit_Completes()
    {
        var run = await RunCountingLoop(new JsonObject { ["condition"] = "vars.n < 3", ["maxIterations"] = 3 });

        run.Final.Output!["iterations"]!.GetValue<int>().ShouldBe(3);
    }
}
