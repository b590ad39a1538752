using Weft.Engine.Expressions;
using Weft.Engine.Model;
using Weft.Engine.Validation;
using static Weft.Engine.Tests.Validation.ValidationTestKit;

namespace Weft.Engine.Tests.Validation;

public class NodeValidationTests
{
    [Fact]
    public void Validate_NodeIdReusedInsideBody_ReportsDuplicateAtSecondOccurrence()
    {
        var result = ValidateGraph("""
            [{ "id": "a", "type": "test.echo", "inputs": { "text": "x" } },
             { "id": "loop", "type": "test.loop", "inputs": { "items": [] },
               "body": { "nodes": [{ "id": "a", "type": "test.echo", "inputs": { "text": "y" } }] } }]
            """);

        var error = result.Single(ValidationCodes.DuplicateNodeId);
        error.Path.ShouldBe("$.nodes[1].body.nodes[0].id");
        error.NodeId.ShouldBe("a");
    }

    [Theory]
    [InlineData("load.doc")]
    [InlineData("loop#2")]
    [InlineData("with space")]
    [InlineData("")]
    public void Validate_NodeIdWithForbiddenCharacters_ReportsInvalidNodeId(string id)
    {
        var result = ValidateGraph($$"""[{ "id": "{{id}}", "type": "test.echo", "inputs": { "text": "x" } }]""");

        result.Single(ValidationCodes.InvalidNodeId).Path.ShouldBe("$.nodes[0].id");
    }

    [Fact]
    public void Validate_UnknownTypeInsideBody_ReportsPathToType()
    {
        var result = ValidateGraph("""
            [{ "id": "loop", "type": "test.loop", "inputs": { "items": [] },
               "body": { "nodes": [{ "id": "inner", "type": "no.such" }] } }]
            """);

        var error = result.Single(ValidationCodes.UnknownActivityType);
        error.Path.ShouldBe("$.nodes[0].body.nodes[0].type");
        error.NodeId.ShouldBe("inner");
        error.Message.ShouldContain("no.such");
    }

    [Theory]
    [InlineData("{ }")]
    [InlineData("""{ "text": null }""")]
    [InlineData("""{ "text": "" }""")]
    public void Validate_RequiredInputMissingNullOrEmpty_ReportsMissingRequiredInput(string inputs)
    {
        var result = ValidateGraph($$"""[{ "id": "a", "type": "test.echo" }, { "id": "b", "type": "test.echo", "inputs": {{inputs}} }]""");

        var errors = result.Errors.Where(e => e.Code == ValidationCodes.MissingRequiredInput).ToList();
        errors.Select(e => e.Path).ShouldBe(["$.nodes[0].inputs.text", "$.nodes[1].inputs.text"]);
        errors.Select(e => e.NodeId).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Validate_RequiredInputGivenAsTemplate_CountsAsPresent()
    {
        var result = ValidateGraph("""[{ "id": "a", "type": "test.echo", "inputs": { "text": "{{ input.text }}" } }]""");

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_InputNameTheActivityLacks_ReportsUnknownInputWithCaseHint()
    {
        var result = ValidateGraph("""[{ "id": "a", "type": "test.echo", "inputs": { "text": "x", "Size": 3, "content-type": "y" } }]""");

        var errors = result.Errors.Where(e => e.Code == ValidationCodes.UnknownInput).ToList();
        errors.Select(e => e.Path).ShouldBe(["$.nodes[0].inputs.Size", "$.nodes[0].inputs['content-type']"]);
        errors[0].Message.ShouldContain("Did you mean 'size'?");
    }

    [Fact]
    public void Validate_AnyInputOnActivityWithoutInputsClass_IsAccepted()
    {
        var result = ValidateGraph("""[{ "id": "a", "type": "test.raw", "inputs": { "whatever": 1, "else": "{{ input.x }}" } }]""");

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_TemplateWithDanglingOperator_ReportsInvalidExpressionAtInputPath()
    {
        var result = ValidateGraph("""[{ "id": "a", "type": "test.echo", "inputs": { "text": "{{ input.a + }}" } }]""");

        var error = result.Single(ValidationCodes.InvalidExpression);
        error.Path.ShouldBe("$.nodes[0].inputs.text");
        error.NodeId.ShouldBe("a");
        error.Message.ShouldContain("position");
    }

    [Fact]
    public void Validate_UnterminatedTemplate_ReportsInvalidExpressionWithPosition()
    {
        var definition = WeftJson.ParseDefinition("""
            { "id": "wf", "nodes": [
              { "id": "ok", "type": "test.echo", "inputs": { "text": "x" } },
              { "id": "bad", "type": "test.echo", "inputs": { "text": "Hello {{ input.a" } }] }
            """);

        var result = Validate(definition);

        var error = result.Single(ValidationCodes.InvalidExpression);
        error.Path.ShouldBe("$.nodes[1].inputs.text");
        error.NodeId.ShouldBe("bad");
        var reported = ExpressionEngine.Default.Check(definition.Nodes[1].Inputs["text"], "$.nodes[1].inputs.text");
        reported.ShouldHaveSingleItem().Position.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Validate_BadTemplateNestedInObjectInput_ReportsPathInsideTheValue()
    {
        var result = ValidateGraph("""
            [{ "id": "a", "type": "test.echo", "inputs": { "text": "x", "request": { "headers": { "auth": "{{ secrets. }}" } } } }]
            """);

        var error = result.Single(ValidationCodes.InvalidExpression);
        error.Path.ShouldStartWith("$.nodes[0].inputs.request");
        error.Path.ShouldContain("auth");
        error.NodeId.ShouldBe("a");
    }

    [Theory]
    [InlineData("size", "\"big\"")]
    [InlineData("size", "8.5")]
    [InlineData("size", "\"8.5\"")]
    [InlineData("ratio", "true")]
    [InlineData("loud", "\"yes\"")]
    [InlineData("tags", "\"a,b\"")]
    [InlineData("request", "[1]")]
    [InlineData("text", "42")]
    public void Validate_LiteralOfWrongKind_ReportsInputTypeMismatch(string input, string value)
    {
        var result = ValidateGraph($$"""[{ "id": "a", "type": "test.echo", "inputs": { "text": "x", "{{input}}": {{value}} } }]""");

        var error = result.Single(ValidationCodes.InputTypeMismatch);
        error.Path.ShouldBe($"$.nodes[0].inputs.{input}");
        error.NodeId.ShouldBe("a");
    }

    [Theory]
    [InlineData("size", "800")]
    [InlineData("size", "\"800\"")]
    [InlineData("size", "\"{{ input.size }}\"")]
    [InlineData("ratio", "\"0.25\"")]
    [InlineData("loud", "\"{{ input.loud }}\"")]
    [InlineData("tags", "[\"a\", \"b\"]")]
    [InlineData("request", "null")]
    [InlineData("pause", "\"00:00:05\"")]
    public void Validate_LiteralOfFittingKindOrTemplate_IsAccepted(string input, string value)
    {
        var result = ValidateGraph($$"""[{ "id": "a", "type": "test.echo", "inputs": { "text": "x", "{{input}}": {{value}} } }]""");

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_IntegerInputBuiltInCode_IsAccepted()
    {
        // In-memory JsonValue<int>, never serialized: the type check must not depend on a JSON round trip.
        var definition = Workflow.Create("wf").Node("a", "test.echo", n => n.Input("text", "x").Input("size", 800)).Build();

        var result = Validate(definition);

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_BodyOnNonContainer_ReportsBodyPath()
    {
        var result = ValidateGraph("""[{ "id": "a", "type": "test.echo", "inputs": { "text": "x" }, "body": { "nodes": [] } }]""");

        var error = result.Single(ValidationCodes.BodyOnNonContainer);
        error.Path.ShouldBe("$.nodes[0].body");
        error.NodeId.ShouldBe("a");
    }

    [Fact]
    public void Validate_ContainerWithoutBody_IsValid()
    {
        var result = ValidateGraph("""[{ "id": "loop", "type": "test.loop", "inputs": { "items": [1, 2] } }]""");

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Theory]
    [InlineData("""{ "maxAttempts": 0 }""", "maxAttempts")]
    [InlineData("""{ "initialInterval": "-00:00:01" }""", "initialInterval")]
    [InlineData("""{ "backoff": 0.5 }""", "backoff")]
    [InlineData("""{ "maxInterval": "-00:01:00" }""", "maxInterval")]
    public void Validate_RetryPolicyOutOfRange_ReportsFieldPath(string retry, string field)
    {
        var result = ValidateGraph($$"""[{ "id": "a", "type": "test.echo", "inputs": { "text": "x" }, "retry": {{retry}} }]""");

        var error = result.Single(ValidationCodes.InvalidRetryPolicy);
        error.Path.ShouldBe($"$.nodes[0].retry.{field}");
        error.NodeId.ShouldBe("a");
    }

    [Theory]
    [InlineData("timeout", "00:00:00")]
    [InlineData("timeout", "-00:00:05")]
    [InlineData("heartbeatTimeout", "00:00:00")]
    public void Validate_NonPositiveNodeTimeout_ReportsInvalidTimeout(string field, string value)
    {
        var result = ValidateGraph($$"""[{ "id": "a", "type": "test.echo", "inputs": { "text": "x" }, "{{field}}": "{{value}}" }]""");

        var error = result.Single(ValidationCodes.InvalidTimeout);
        error.Path.ShouldBe($"$.nodes[0].{field}");
        error.NodeId.ShouldBe("a");
    }
}
