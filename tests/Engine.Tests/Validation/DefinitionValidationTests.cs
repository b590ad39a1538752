using Weft.Engine.Model;
using Weft.Engine.Validation;
using static Weft.Engine.Tests.Validation.ValidationTestKit;

namespace Weft.Engine.Tests.Validation;

public class DefinitionValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/id")]
    [InlineData("ünï")]
    public void Validate_WorkflowIdEmptyOrWithForbiddenCharacters_ReportsInvalidIdAtRoot(string id)
    {
        var result = Validate(new WorkflowDefinition { Id = id });

        var error = result.Single(ValidationCodes.InvalidId);
        error.Path.ShouldBe("$.id");
        error.NodeId.ShouldBeNull();
    }

    [Fact]
    public void Validate_DeclaredInputsAndVariablesWithProblems_ReportsEachAtItsPath()
    {
        var result = Validate("""
        {
          "id": "wf",
          "inputs": [
            { "name": "a", "type": "string" },
            { "name": "a", "type": "string" },
            { "name": "b", "type": "text" },
            { "name": "c", "type": "integer", "default": "three" },
            { "name": "", "type": "any" }
          ],
          "variables": [
            { "name": "v", "type": "array", "default": [] },
            { "name": "v", "type": "array" },
            { "name": "w", "type": "list" },
            { "name": "x", "type": "boolean", "default": 1 }
          ]
        }
        """);

        result.Errors.Select(e => (e.Code, e.Path)).ShouldBe(
        [
            (ValidationCodes.DuplicateInputName, "$.inputs[1].name"),
            (ValidationCodes.InvalidInputType, "$.inputs[2].type"),
            (ValidationCodes.DefaultTypeMismatch, "$.inputs[3].default"),
            (ValidationCodes.InvalidName, "$.inputs[4].name"),
            (ValidationCodes.DuplicateVariableName, "$.variables[1].name"),
            (ValidationCodes.InvalidVariableType, "$.variables[2].type"),
            (ValidationCodes.DefaultTypeMismatch, "$.variables[3].default"),
        ]);
    }

    [Fact]
    public void Validate_OptionsOutOfRange_ReportsEachOption()
    {
        var result = Validate("""{ "id": "wf", "options": { "executionTimeout": "00:00:00", "queue": " ", "maxParallelism": 0 } }""");

        result.Errors.Select(e => (e.Code, e.Path)).ShouldBe(
        [
            (ValidationCodes.InvalidTimeout, "$.options.executionTimeout"),
            (ValidationCodes.InvalidOptions, "$.options.queue"),
            (ValidationCodes.InvalidOptions, "$.options.maxParallelism"),
        ]);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsAllInDocumentOrder()
    {
        var result = Validate("""
        {
          "id": "bad id",
          "nodes": [
            { "id": "a", "type": "test.echo", "inputs": { "size": "big" }, "retry": { "maxAttempts": 0 } },
            { "id": "loop", "type": "test.loop", "inputs": { "items": "{{ input.list" },
              "body": { "nodes": [{ "id": "a", "type": "nope" }],
                        "edges": [{ "id": "b1", "source": "a", "target": "gone" }] } },
            { "id": "c", "type": "test.echo", "inputs": { "text": "x" }, "timeout": "00:00:00" }
          ],
          "edges": [
            { "id": "e1", "source": "a", "sourcePort": "nope", "target": "c" },
            { "id": "e2", "source": "c", "target": "a" }
          ]
        }
        """);

        result.Errors.Select(e => (e.Code, e.Path, e.NodeId)).ShouldBe(
        [
            (ValidationCodes.InvalidId, "$.id", null),
            (ValidationCodes.InputTypeMismatch, "$.nodes[0].inputs.size", "a"),
            (ValidationCodes.MissingRequiredInput, "$.nodes[0].inputs.text", "a"),
            (ValidationCodes.InvalidRetryPolicy, "$.nodes[0].retry.maxAttempts", "a"),
            (ValidationCodes.InvalidExpression, "$.nodes[1].inputs.items", "loop"),
            (ValidationCodes.DuplicateNodeId, "$.nodes[1].body.nodes[0].id", "a"),
            (ValidationCodes.UnknownActivityType, "$.nodes[1].body.nodes[0].type", "a"),
            (ValidationCodes.DanglingEdge, "$.nodes[1].body.edges[0].target", "a"),
            (ValidationCodes.InvalidTimeout, "$.nodes[2].timeout", "c"),
            (ValidationCodes.UnknownPort, "$.edges[0].sourcePort", "a"),
            (ValidationCodes.Cycle, "$.nodes[0]", "a"),
        ]);
        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Validate_SameDefinitionTwice_GivesEqualResults()
    {
        var definition = WeftJson.ParseDefinition("""
            { "id": "wf", "nodes": [{ "id": "a", "type": "x" }, { "id": "b", "type": "y" }],
              "edges": [{ "id": "e1", "source": "a", "target": "b" }, { "id": "e2", "source": "b", "target": "a" }] }
            """);

        var first = Validate(definition);
        var second = Validate(definition);

        second.Errors.ShouldBe(first.Errors);
        first.Errors.Count.ShouldBe(3);
    }

    [Fact]
    public void Validate_NullEntriesInLists_ReportsThemInsteadOfThrowing()
    {
        var result = Validate("""{ "id": "wf", "inputs": [null], "nodes": [null], "edges": [null] }""");

        result.Errors.Select(e => e.Path).ShouldBe(["$.inputs[0]", "$.nodes[0]", "$.edges[0]"]);
    }
}
