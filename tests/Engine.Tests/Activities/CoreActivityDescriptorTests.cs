using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;

namespace Weft.Engine.Tests.Activities;

public class CoreActivityDescriptorTests
{
    private static readonly ActivityRegistry Registry = CoreActivities.Register(new ActivityRegistry());

    private static ActivityDescriptor Descriptor(string type) =>
        Registry.TryGet(type, out var registration) ? registration.Descriptor : throw new KeyNotFoundException(type);

    private static InputDescriptor Input(string type, string name) => Descriptor(type).Inputs.Single(i => i.Name == name);

    [Fact]
    public void Register_AddsEveryCoreActivity()
    {
        Registry.Descriptors.Select(d => d.Type).Order(StringComparer.Ordinal).ShouldBe([
            "flow.fail", "flow.finish", "flow.foreach", "flow.if", "flow.switch", "flow.while",
            "log", "script.js", "signal.wait", "timer.delay", "vars.set", "workflow.run"]);
    }

    [Fact]
    public void Register_Twice_Throws()
    {
        Should.Throw<InvalidOperationException>(() => CoreActivities.Register(Registry));
    }

    [Fact]
    public void Descriptors_AreCompleteForTheDesigner()
    {
        string[] categories = ["Flow", "Data", "Timing", "Scripting", "Workflows", "Diagnostics"];
        foreach (var d in Registry.Descriptors)
        {
            d.DisplayName.ShouldNotBeNullOrWhiteSpace(d.Type);
            d.Category.ShouldBeOneOf(categories);
            d.Description.ShouldNotBeNullOrWhiteSpace(d.Type);
            d.Ports.ShouldBeUnique(d.Type);
            d.Inputs.ShouldNotBeEmpty(d.Type);
            d.Inputs.Select(i => i.Name).ShouldBeUnique(d.Type);
            foreach (var input in d.Inputs)
            {
                input.Description.ShouldNotBeNullOrWhiteSpace($"{d.Type}.{input.Name}");
                input.UiHint.ShouldNotBeNullOrWhiteSpace($"{d.Type}.{input.Name}");
                ValueTypes.All.ShouldContain(input.Type, $"{d.Type}.{input.Name}");
                if (input.Required) input.Default.ShouldBeNull($"{d.Type}.{input.Name}");
                if (input.Default is not null) ValueTypes.Accepts(input.Type, input.Default).ShouldBeTrue($"{d.Type}.{input.Name}");
            }
        }
    }

    [Fact]
    public void Descriptors_PortsContainersAndComputedPorts()
    {
        Descriptor("flow.if").Ports.ShouldBe(["true", "false"]);
        Descriptor("signal.wait").Ports.ShouldBe(["done", "timeout"]);
        Descriptor("flow.fail").Ports.ShouldBeEmpty();
        Descriptor("log").Ports.ShouldBe(["done"]);
        Registry.Descriptors.Where(d => d.IsContainer).Select(d => d.Type).Order().ShouldBe(["flow.foreach", "flow.while"]);
        Registry.Descriptors.Where(d => d.HasComputedPorts).Select(d => d.Type).ShouldBe(["flow.switch"]);
        Registry.Descriptors.ShouldAllBe(d => !d.IsTrigger);
    }

    [Fact]
    public void Descriptors_DefaultsComeFromInitialisers()
    {
        Input("script.js", "timeout").Default!.GetValue<string>().ShouldBe("00:00:05");
        Input("script.js", "maxStatements").Default!.GetValue<int>().ShouldBe(10_000_000);
        Input("script.js", "maxRecursion").Default!.GetValue<int>().ShouldBe(256);
        Input("script.js", "arguments").Default!.ToJsonString().ShouldBe("{}");
        Input("flow.foreach", "maxIterations").Default!.GetValue<int>().ShouldBe(10_000);
        Input("flow.while", "maxIterations").Default!.GetValue<int>().ShouldBe(1_000);
        Input("log", "level").Default!.GetValue<string>().ShouldBe("information");
        Input("flow.fail", "errorType").Default!.GetValue<string>().ShouldBe("WorkflowFailed");
        Input("workflow.run", "wait").Default!.GetValue<bool>().ShouldBeTrue();
        Input("signal.wait", "timeout").Default.ShouldBeNull();
    }

    [Fact]
    public void Descriptors_RequiredLazyAndUiHints()
    {
        Input("script.js", "script").ShouldSatisfyAllConditions(
            i => i.Required.ShouldBeTrue(), i => i.Lazy.ShouldBeTrue(), i => i.UiHint.ShouldBe(UiHints.Code));
        Input("flow.while", "condition").ShouldSatisfyAllConditions(
            i => i.Required.ShouldBeTrue(), i => i.Lazy.ShouldBeTrue(), i => i.UiHint.ShouldBe(UiHints.Expression));
        Input("flow.switch", "cases").ShouldSatisfyAllConditions(
            i => i.Lazy.ShouldBeTrue(), i => i.Type.ShouldBe(ValueTypes.Array), i => i.UiHint.ShouldBe(UiHints.Json));
        Input("flow.if", "condition").Lazy.ShouldBeFalse();
        Input("log", "level").ShouldSatisfyAllConditions(
            i => i.UiHint.ShouldBe(UiHints.Select), i => i.Options.ShouldBe(["debug", "information", "warning", "error"]));
        Input("timer.delay", "duration").UiHint.ShouldBe(UiHints.Duration);
        Input("signal.wait", "timeout").UiHint.ShouldBe(UiHints.Duration);
        Input("workflow.run", "wait").UiHint.ShouldBe(UiHints.Checkbox);
        Input("workflow.run", "definitionId").Required.ShouldBeTrue();
        Input("workflow.run", "version").ShouldSatisfyAllConditions(i => i.Type.ShouldBe(ValueTypes.Integer), i => i.Required.ShouldBeFalse());
        Input("signal.wait", "signal").Required.ShouldBeTrue();
    }

    [Fact]
    public void Descriptors_Outputs()
    {
        Descriptor("flow.foreach").Outputs.Select(o => o.Name).ShouldBe(["results", "count"]);
        Descriptor("flow.if").Outputs.Single().ShouldBe(new OutputDescriptor("result", ValueTypes.Boolean, "The condition as a boolean."));
    }
}

public class JsTruthinessAndLazyInputTests
{
    [Theory]
    [InlineData("vars.n < 10", "{{ vars.n < 10 }}")]
    [InlineData("{{ vars.n < 10 }}", "{{ vars.n < 10 }}")]
    [InlineData("Page {{ vars.page }}", "Page {{ vars.page }}")]
    public void AsTemplate_BareExpressionIsWrapped_TemplateKept(string raw, string template)
    {
        LazyInput.AsTemplate(raw).ShouldBe(template);
    }

    [Fact]
    public void Evaluate_NonStringLiteral_IsItsOwnValue()
    {
        var host = new ActivityTestHost();

        LazyInput.Evaluate(JsonValue.Create(false), host.Context("flow.while"))!.GetValue<bool>().ShouldBeFalse();
        LazyInput.Evaluate(null, host.Context("flow.while")).ShouldBeNull();
        host.Evaluated.ShouldBeEmpty();
    }

    [Fact]
    public void IsTruthy_EmptyArrayAndObject_AreTrue_AsInJavaScript()
    {
        JsTruthiness.IsTruthy(new JsonArray()).ShouldBeTrue();
        JsTruthiness.IsTruthy(new JsonObject()).ShouldBeTrue();
        JsTruthiness.IsTruthy(JsonValue.Create(0.0)).ShouldBeFalse();
        JsTruthiness.IsTruthy(JsonValue.Create(double.NaN)).ShouldBeFalse();
    }
}
