using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;

namespace Weft.Engine.Tests.Activities;

public class SwitchActivityTests
{
    private readonly ActivityTestHost _host = new();

    private static JsonArray Cases(params (string Name, string Condition)[] cases) =>
        new([.. cases.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["condition"] = c.Condition })]);

    [Fact]
    public void GetPorts_LiteralCases_OnePortPerCasePlusDefault()
    {
        var node = new NodeDefinition
        {
            Id = "route",
            Type = "flow.switch",
            Inputs = { ["cases"] = Cases(("chat", "a"), ("routine", "b"), ("chat", "c")) },
        };

        new SwitchActivity().GetPorts(node).ShouldBe(["chat", "routine", "default"]);
    }

    [Fact]
    public void GetPorts_CasesFromATemplate_OnlyDefault()
    {
        var node = new NodeDefinition { Id = "route", Type = "flow.switch", Inputs = { ["cases"] = "{{ vars.cases }}" } };

        new SwitchActivity().GetPorts(node).ShouldBe(["default"]);
    }

    [Fact]
    public void Registry_PortsOf_UsesComputedPorts()
    {
        var registry = CoreActivities.Register(new ActivityRegistry());
        var node = new NodeDefinition { Id = "route", Type = "flow.switch", Inputs = { ["cases"] = Cases(("a", "x")) } };

        registry.PortsOf(node).ShouldBe(["a", "default"]);
    }

    [Fact]
    public async Task ExecuteAsync_FirstTruthyCaseWins_LaterCasesNotEvaluated()
    {
        _host.Evaluator = text => JsonValue.Create(text is "{{ second }}" or "{{ third }}");
        var inputs = new JsonObject { ["cases"] = Cases(("one", "first"), ("two", "{{ second }}"), ("three", "third")) };

        var result = await new SwitchActivity().ExecuteAsync(_host.Context("flow.switch", inputs));

        result.Port.ShouldBe("two");
        result.Output!["case"]!.GetValue<string>().ShouldBe("two");
        _host.Evaluated.ShouldBe(["{{ first }}", "{{ second }}"]);
    }

    [Fact]
    public async Task ExecuteAsync_NoCaseTruthy_CompletesOnDefault()
    {
        _host.Evaluator = _ => JsonValue.Create(0);
        var inputs = new JsonObject { ["cases"] = Cases(("one", "a"), ("two", "b")) };

        var result = await new SwitchActivity().ExecuteAsync(_host.Context("flow.switch", inputs));

        result.Port.ShouldBe("default");
        _host.Evaluated.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_CasesAsTemplate_EvaluatesTheListThenEachCondition()
    {
        _host.Evaluator = text => text == "{{ vars.cases }}" ? Cases(("late", "{{ true }}")) : JsonValue.Create(true);

        var result = await new SwitchActivity().ExecuteAsync(_host.Context("flow.switch", new JsonObject { ["cases"] = "{{ vars.cases }}" }));

        result.Port.ShouldBe("late");
        _host.Evaluated.ShouldBe(["{{ vars.cases }}", "{{ true }}"]);
    }

    [Fact]
    public async Task ExecuteAsync_LiteralBooleanCondition_UsedWithoutEvaluation()
    {
        var inputs = new JsonObject { ["cases"] = new JsonArray(new JsonObject { ["name"] = "always", ["condition"] = true }) };

        var result = await new SwitchActivity().ExecuteAsync(_host.Context("flow.switch", inputs));

        result.Port.ShouldBe("always");
        _host.Evaluated.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_CaseWithoutName_FailsAsValidation()
    {
        var inputs = new JsonObject { ["cases"] = new JsonArray(new JsonObject { ["condition"] = true }) };

        var ex = await Should.ThrowAsync<ActivityException>(async () =>
            await new SwitchActivity().ExecuteAsync(_host.Context("flow.switch", inputs)));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
    }
}
