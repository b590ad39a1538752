using Weft.Engine.Validation;
using static Weft.Engine.Tests.Validation.ValidationTestKit;

namespace Weft.Engine.Tests.Validation;

public class GraphValidationTests
{
    private const string Echo = "\"type\": \"test.echo\", \"inputs\": { \"text\": \"hi\" }";

    [Fact]
    public void Validate_WellFormedWorkflowWithBodyPortsAndErrorRoute_IsValid()
    {
        var result = Validate($$$"""
        {
          "id": "ingest.v2_final",
          "inputs": [{ "name": "list", "type": "array", "required": true }],
          "variables": [{ "name": "count", "type": "integer", "default": 0 }],
          "nodes": [
            { "id": "start", {{{Echo}}}, "onError": "route" },
            { "id": "check", "type": "test.branch", "inputs": { "condition": "{{ input.list.length > 0 }}" } },
            { "id": "route", "type": "test.cases", "inputs": { "value": "{{ nodes.start.output }}", "cases": ["a", "b"] } },
            { "id": "loop", "type": "test.loop", "inputs": { "items": "{{ input.list }}" },
              "body": { "nodes": [ { "id": "inner", {{{Echo}}} }, { "id": "inner2", {{{Echo}}} } ],
                        "edges": [ { "id": "b1", "source": "inner", "target": "inner2" } ] } },
            { "id": "failed", "type": "test.raw", "inputs": { "anything": 1 } }
          ],
          "edges": [
            { "id": "e1", "source": "start", "target": "check" },
            { "id": "e2", "source": "start", "sourcePort": "error", "target": "failed" },
            { "id": "e3", "source": "check", "sourcePort": "true", "target": "route" },
            { "id": "e4", "source": "route", "sourcePort": "b", "target": "loop" },
            { "id": "e5", "source": "route", "sourcePort": "default", "target": "loop" }
          ]
        }
        """);

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_EdgeToMissingNode_ReportsDanglingTargetWithEdgeAndSourceNode()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", {{Echo}} }, { "id": "b", {{Echo}} }]""",
            """[{ "id": "e1", "source": "a", "target": "b" }, { "id": "e2", "source": "b", "target": "nowhere" }]""");

        var error = result.Single(ValidationCodes.DanglingEdge);
        error.Path.ShouldBe("$.edges[1].target");
        error.NodeId.ShouldBe("b");
        error.EdgeId.ShouldBe("e2");
        error.Message.ShouldContain("nowhere");
    }

    [Fact]
    public void Validate_EdgeFromMissingSource_ReportsDanglingSourceWithTargetNode()
    {
        var result = ValidateGraph($$"""[{ "id": "a", {{Echo}} }]""", """[{ "id": "e1", "source": "ghost", "target": "a" }]""");

        var error = result.Single(ValidationCodes.DanglingEdge);
        error.Path.ShouldBe("$.edges[0].source");
        error.NodeId.ShouldBe("a");
    }

    [Fact]
    public void Validate_EdgeFromTopLevelIntoBody_ReportsDanglingEdgeNamingTheOtherGraph()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", {{Echo}} }, { "id": "loop", "type": "test.loop", "inputs": { "items": [] }, "body": { "nodes": [{ "id": "inner", {{Echo}} }] } }]""",
            """[{ "id": "e1", "source": "a", "target": "inner" }]""");

        var error = result.Single(ValidationCodes.DanglingEdge);
        error.Path.ShouldBe("$.edges[0].target");
        error.Message.ShouldContain("$.nodes[1].body");
    }

    [Fact]
    public void Validate_EdgeInsideBodyToMissingNode_ReportsBodyPath()
    {
        var result = ValidateGraph($$"""
            [{ "id": "loop", "type": "test.loop", "inputs": { "items": [] },
               "body": { "nodes": [{ "id": "inner", {{Echo}} }], "edges": [{ "id": "b1", "source": "inner", "target": "x" }] } }]
            """);

        var error = result.Single(ValidationCodes.DanglingEdge);
        error.Path.ShouldBe("$.nodes[0].body.edges[0].target");
        error.NodeId.ShouldBe("inner");
    }

    [Theory]
    [InlineData("test.branch", "done")]
    [InlineData("test.branch", "maybe")]
    [InlineData("test.cases", "c")]
    [InlineData("test.echo", "error")]
    public void Validate_EdgeFromPortTheNodeLacks_ReportsUnknownPort(string type, string port)
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", "type": "{{type}}", "inputs": { "text": "t", "condition": true, "value": "v", "cases": ["a", "b"] } }, { "id": "b", {{Echo}} }]""",
            $$"""[{ "id": "e1", "source": "a", "sourcePort": "{{port}}", "target": "b" }]""");

        var error = result.Single(ValidationCodes.UnknownPort);
        error.Path.ShouldBe("$.edges[0].sourcePort");
        error.NodeId.ShouldBe("a");
        error.EdgeId.ShouldBe("e1");
    }

    [Fact]
    public void Validate_ErrorPortWithoutRoute_ExplainsOnErrorRoute()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", {{Echo}}, "onError": "continue" }, { "id": "b", {{Echo}} }]""",
            """[{ "id": "e1", "source": "a", "sourcePort": "error", "target": "b" }]""");

        result.Single(ValidationCodes.UnknownPort).Message.ShouldContain("route");
    }

    [Fact]
    public void Validate_EdgeFromComputedPort_IsValid()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", "type": "test.cases", "inputs": { "value": "x", "cases": ["red", "blue"] } }, { "id": "b", {{Echo}} }]""",
            """[{ "id": "e1", "source": "a", "sourcePort": "blue", "target": "b" }]""");

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_PortProviderThatThrows_ReportsUnknownPortInsteadOfCrashing()
    {
        // "cases" holding a number makes the provider's GetValue<string>() throw.
        var result = ValidateGraph(
            $$"""[{ "id": "a", "type": "test.cases", "inputs": { "value": "x", "cases": [1] } }, { "id": "b", {{Echo}} }]""",
            """[{ "id": "e1", "source": "a", "sourcePort": "1", "target": "b" }]""");

        result.Single(ValidationCodes.UnknownPort).Message.ShouldContain("could not be computed");
    }

    [Fact]
    public void Validate_ThreeNodeCycle_ReportsOneCycleListingItsNodesAndNoUnreachable()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "s", {{Echo}} }, { "id": "a", {{Echo}} }, { "id": "b", {{Echo}} }, { "id": "c", {{Echo}} }]""",
            """
            [{ "id": "e1", "source": "s", "target": "a" }, { "id": "e2", "source": "a", "target": "b" },
             { "id": "e3", "source": "b", "target": "c" }, { "id": "e4", "source": "c", "target": "a" }]
            """);

        var error = result.Single(ValidationCodes.Cycle);
        error.Message.ShouldContain("a → b → c → a");
        error.NodeId.ShouldBe("a");
        error.Path.ShouldBe("$.nodes[1]");
        error.EdgeId.ShouldBe("e4");
        result.Errors.Count.ShouldBe(1, Describe(result));
    }

    [Fact]
    public void Validate_SelfLoop_ReportsCycle()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "s", {{Echo}} }, { "id": "a", {{Echo}} }]""",
            """[{ "id": "e1", "source": "s", "target": "a" }, { "id": "e2", "source": "a", "target": "a" }]""");

        result.Single(ValidationCodes.Cycle).Message.ShouldContain("a → a");
    }

    [Fact]
    public void Validate_EveryNodeHasIncomingEdge_ReportsCycleSayingThereIsNoStartNode()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", {{Echo}} }, { "id": "b", {{Echo}} }]""",
            """[{ "id": "e1", "source": "a", "target": "b" }, { "id": "e2", "source": "b", "target": "a" }]""");

        result.Single(ValidationCodes.Cycle).Message.ShouldContain("no start node");
    }

    [Fact]
    public void Validate_TwoSeparateCycles_ReportsEachInDocumentOrder()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "s", {{Echo}} }, { "id": "x", {{Echo}} }, { "id": "y", {{Echo}} }, { "id": "p", {{Echo}} }, { "id": "q", {{Echo}} }]""",
            """
            [{ "id": "e1", "source": "q", "target": "p" }, { "id": "e2", "source": "p", "target": "q" },
             { "id": "e3", "source": "s", "target": "x" }, { "id": "e4", "source": "x", "target": "y" }, { "id": "e5", "source": "y", "target": "x" },
             { "id": "e6", "source": "s", "target": "p" }]
            """);

        result.Errors.Select(e => (e.Code, e.NodeId)).ShouldBe([(ValidationCodes.Cycle, "x"), (ValidationCodes.Cycle, "p")]);
    }

    [Fact]
    public void Validate_NodeOnlyReachableFromAnIsolatedCycle_ReportsUnreachable()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "s", {{Echo}} }, { "id": "a", {{Echo}} }, { "id": "b", {{Echo}} }, { "id": "after", {{Echo}} }]""",
            """
            [{ "id": "e1", "source": "a", "target": "b" }, { "id": "e2", "source": "b", "target": "a" },
             { "id": "e3", "source": "b", "target": "after" }]
            """);

        var error = result.Single(ValidationCodes.UnreachableNode);
        error.NodeId.ShouldBe("after");
        error.Path.ShouldBe("$.nodes[3]");
        result.Single(ValidationCodes.Cycle).NodeId.ShouldBe("a");
    }

    [Fact]
    public void Validate_SeveralStartNodesJoiningLater_IsValid()
    {
        var result = ValidateGraph(
            $$"""[{ "id": "a", {{Echo}} }, { "id": "b", {{Echo}} }, { "id": "join", {{Echo}}, "join": "any" }]""",
            """[{ "id": "e1", "source": "a", "target": "join" }, { "id": "e2", "source": "b", "target": "join" }]""");

        result.IsValid.ShouldBeTrue(Describe(result));
    }

    [Fact]
    public void Validate_CycleInsideBody_ReportsItWithBodyPath()
    {
        var result = ValidateGraph($$"""
            [{ "id": "loop", "type": "test.loop", "inputs": { "items": [] },
               "body": { "nodes": [{ "id": "i1", {{Echo}} }, { "id": "i2", {{Echo}} }],
                         "edges": [{ "id": "b1", "source": "i1", "target": "i2" }, { "id": "b2", "source": "i2", "target": "i1" }] } }]
            """);

        var error = result.Single(ValidationCodes.Cycle);
        error.Path.ShouldBe("$.nodes[0].body.nodes[0]");
        error.NodeId.ShouldBe("i1");
    }

    [Fact]
    public void Validate_DuplicateEdgeIdAcrossBodyAndTopLevel_ReportsSecondOccurrence()
    {
        var result = ValidateGraph(
            $$"""
            [{ "id": "a", {{Echo}} }, { "id": "b", {{Echo}} },
             { "id": "loop", "type": "test.loop", "inputs": { "items": [] },
               "body": { "nodes": [{ "id": "i1", {{Echo}} }, { "id": "i2", {{Echo}} }], "edges": [{ "id": "e1", "source": "i1", "target": "i2" }] } }]
            """,
            """[{ "id": "e1", "source": "a", "target": "b" }, { "id": "e2", "source": "b", "target": "loop" }]""");

        var error = result.Single(ValidationCodes.DuplicateEdgeId);
        error.Path.ShouldBe("$.edges[0].id");
        error.EdgeId.ShouldBe("e1");
    }

    [Fact]
    public void Validate_EdgeWithoutId_ReportsInvalidEdgeId()
    {
        var result = ValidateGraph($$"""[{ "id": "a", {{Echo}} }, { "id": "b", {{Echo}} }]""", """[{ "source": "a", "target": "b" }]""");

        result.Single(ValidationCodes.InvalidEdgeId).Path.ShouldBe("$.edges[0].id");
    }

    [Fact]
    public void Validate_LongChain_CompletesWithoutDeepRecursion()
    {
        const int count = 20_000;
        var nodes = string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{ "id": "n{{i}}", {{Echo}} }"""));
        var edges = string.Join(",", Enumerable.Range(1, count - 1).Select(i => $$"""{ "id": "e{{i}}", "source": "n{{i - 1}}", "target": "n{{i}}" }"""))
            + $$""", { "id": "back", "source": "n{{count - 1}}", "target": "n1" }""";

        var result = ValidateGraph($"[{nodes}]", $"[{edges}]");

        var error = result.Single(ValidationCodes.Cycle);
        error.NodeId.ShouldBe("n1");
        error.EdgeId.ShouldBe("back");
    }
}
