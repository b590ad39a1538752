using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class TemplateTests
{
    [Theory]
    [InlineData("{{ vars.n }}", "5")]
    [InlineData("  {{ input.address }}\n", """{"city":"London"}""")]
    [InlineData("{{input.tags}}", """["a","b"]""")]
    [InlineData("{{ input.missing }}", "null")]
    [InlineData("{{ vars.flag }}", "true")]
    [InlineData("{{ '}}' }}", "\"}}\"")]
    [InlineData("{{ {a: {b: 1}} }}", """{"a":{"b":1}}""")]
    [InlineData("{{ `x${'}}'}` }}", "\"x}}\"")]
    public void Evaluate_SingleExpression_YieldsRawValue(string template, string expected)
    {
        ExpressionEngine.Default.CompileTemplate(template).IsSingleExpression.ShouldBeTrue();
        Template(template).ShouldBe(expected);
    }

    [Theory]
    [InlineData("n={{ vars.n }}", "n=5")]
    [InlineData("{{ input.missing }}!", "!")]
    [InlineData("tags: {{ input.tags }}", """tags: ["a","b"]""")]
    [InlineData("at {{ input.address }}", """at {"city":"London"}""")]
    [InlineData("{{ 0.1 + 0.2 }} and {{ 1e21 }} and {{ 3.0 }}", "0.30000000000000004 and 1e+21 and 3")]
    [InlineData("{{ true }}/{{ null }}/{{ 'x' }}", "true//x")]
    [InlineData("{{ input.name }} is {{ input.age }}", "Ada is 36")]
    [InlineData("[{{ input.nothing }}]", "[]")]
    public void Evaluate_MixedText_InterpolatesParts(string template, string expected)
    {
        var compiled = ExpressionEngine.Default.CompileTemplate(template);

        compiled.IsSingleExpression.ShouldBeFalse();
        compiled.Evaluate(Scope())!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public void Evaluate_NoExpressions_IsTheLiteralText()
    {
        var template = ExpressionEngine.Default.CompileTemplate("plain } text { with braces }}");

        template.HasExpressions.ShouldBeFalse();
        template.IsSingleExpression.ShouldBeFalse();
        template.Evaluate(Scope())!.GetValue<string>().ShouldBe("plain } text { with braces }}");
    }

    [Fact]
    public void CompileTemplate_Flags_DescribeTheTemplate()
    {
        var mixed = ExpressionEngine.Default.CompileTemplate("a {{ 1 }} b {{ 2 }}");

        mixed.HasExpressions.ShouldBeTrue();
        mixed.IsSingleExpression.ShouldBeFalse();
        mixed.Text.ShouldBe("a {{ 1 }} b {{ 2 }}");
    }

    [Theory]
    [InlineData("{{ vars.n", 0)]
    [InlineData("x {{ vars.n }", 2)]
    [InlineData("ok {{ 1 }} then {{ (1 ", 16)]
    public void CompileTemplate_Unterminated_ThrowsWithPositionOfOpening(string template, int position)
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.CompileTemplate(template));

        error.Message.ShouldStartWith("Unterminated '{{'");
        error.Position.ShouldBe(position);
        error.Expression.ShouldBe(template);
    }

    [Fact]
    public void CompileTemplate_SyntaxErrorInLaterPart_PositionIsWithinTemplate()
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.CompileTemplate("{{ vars.n }} and {{ 1 + }}"));

        error.Position.ShouldBe(24);
    }

    [Fact]
    public void CompileTemplate_Empty_ThrowsSyntaxError() =>
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.CompileTemplate("a {{ }} b")).Position.ShouldBe(2);

    [Fact]
    public void CompileTemplate_TextAfterExpression_ThrowsExpectedClose()
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.CompileTemplate("{{ a b }}"));

        error.Position.ShouldBe(5);
        error.Message.ShouldContain("expected '}}'");
    }

    [Fact]
    public void Evaluate_RuntimeErrorInTemplate_PositionIsWithinTemplate()
    {
        var error = Should.Throw<ExpressionRuntimeException>(() => ExpressionEngine.Default.CompileTemplate("Hi {{ input.missing.x }}").Evaluate(Scope()));

        error.Position.ShouldBe(20);
        error.Expression.ShouldBe("Hi {{ input.missing.x }}");
    }

    [Fact]
    public void Evaluate_NumberResult_ReadsAsAnyNumericType()
    {
        var node = ExpressionEngine.Default.CompileTemplate("{{ vars.n * 2 }}").Evaluate(Scope())!;

        node.GetValue<int>().ShouldBe(10);
        node.GetValue<long>().ShouldBe(10L);
        node.GetValue<double>().ShouldBe(10d);
        node.ToJsonString().ShouldBe("10");
        ExpressionEngine.Default.CompileTemplate("{{ 5000 / 2 + 0.25 }}").Evaluate(Scope())!.GetValue<decimal>().ShouldBe(2500.25m);
    }

    [Theory]
    [InlineData("{{ vars.n > 3 }}", true)]
    [InlineData("{{ vars.zero }}", false)]
    [InlineData(" {{ input.missing }} ", false)]
    [InlineData("{{ vars.zero }} items", true)]
    [InlineData("{{ vars.empty }}{{ input.missing }}", false)]
    [InlineData("false", true)]
    [InlineData("", false)]
    public void EvaluateBoolean_Template_IsTruthinessOfItsValue(string template, bool expected)
    {
        var compiled = ExpressionEngine.Default.CompileTemplate(template);

        compiled.EvaluateBoolean(Scope()).ShouldBe(expected);
        ExpressionValues.IsTruthy(compiled.Evaluate(Scope())).ShouldBe(expected);
    }

    [Fact]
    public void Compile_ExpressionWrittenAsTemplate_IsAccepted() =>
        ExpressionEngine.Default.Compile(" {{ vars.n + 1 }} ").Evaluate(Scope())!.GetValue<int>().ShouldBe(6);

    [Fact]
    public void ContainsTemplate_DetectsOpeningBraces()
    {
        ExpressionEngine.ContainsTemplate("a {{ b }}").ShouldBeTrue();
        ExpressionEngine.ContainsTemplate("a { b }").ShouldBeFalse();
    }

    [Fact]
    public void EvaluateValue_JsonTree_EvaluatesEveryTemplateString()
    {
        var value = JsonNode.Parse("""
            { "text": "Hello {{ input.name }}", "n": "{{ vars.n }}", "literal": 7, "list": ["{{ input.tags }}", "x", null],
              "nested": { "deep": "{{ input.address }}", "{{ not.a.key }}": true } }
            """);

        var result = ExpressionEngine.Default.EvaluateValue(value, Scope());

        Text(result).ShouldBe("""{"text":"Hello Ada","n":5,"literal":7,"list":[["a","b"],"x",null],"nested":{"deep":{"city":"London"},"{{ not.a.key }}":true}}""");
        result!.Parent.ShouldBeNull();
    }

    [Fact]
    public void EvaluateValue_LiteralParts_AreCopiesNotTheOriginals()
    {
        var value = JsonNode.Parse("""{ "obj": { "a": 1 } }""")!;

        var result = ExpressionEngine.Default.EvaluateValue(value, Scope())!;
        result["obj"]!["a"] = 2;

        value["obj"]!["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void Check_TemplatesWithErrors_ReportsPathPositionAndMessage()
    {
        var value = JsonNode.Parse("""
            { "ok": "{{ input.name }}", "bad": "x {{ 1 + }}", "list": ["fine", "{{ a.toUppercase() }}"],
              "weird key": "{{ (", "nested": { "deeper": "{{ Math.random() }}" } }
            """);

        var errors = ExpressionEngine.Default.Check(value, "nodes[0].inputs");

        errors.Select(e => (e.Path, e.Position)).ShouldBe(
        [
            ("nodes[0].inputs.bad", 9),
            ("nodes[0].inputs.list[1]", 5),
            ("nodes[0].inputs[\"weird key\"]", 0),
            ("nodes[0].inputs.nested.deeper", 8),
        ]);
        errors[1].Message.ShouldBe("Unknown method 'toUppercase' (did you mean toUpperCase?)");
        errors[3].Message.ShouldBe("Unknown function Math.random");
    }

    [Fact]
    public void Check_NoTemplates_ReportsNothing() =>
        ExpressionEngine.Default.Check(JsonNode.Parse("""{ "a": [1, "b", { "c": null }] }"""), "x").ShouldBeEmpty();
}
