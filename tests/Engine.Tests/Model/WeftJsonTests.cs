using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Tests.Model;

public class WeftJsonTests
{
    /// <summary>A document in the canonical shape WeftJson writes: every field the model has, defaults included.</summary>
    private const string FullDocument = """
    {
      "id": "round-trip", "version": 7, "name": "Round trip", "description": "Every field once.",
      "inputs": [{ "name": "list", "type": "array", "required": true, "default": [1, "two", { "three": 3 }], "description": "Items" }],
      "variables": [{ "name": "count", "type": "integer", "default": 0 }, { "name": "last", "type": "any" }],
      "options": { "executionTimeout": "00:10:00", "queue": "bulk", "idempotency": "fail", "maxParallelism": 2, "durability": "ephemeral" },
      "nodes": [
        { "id": "check", "type": "flow.if", "name": "Check", "description": "Has items?",
          "inputs": { "condition": "{{ input.list.length > 0 }}", "nested": { "a": [true, null, 1.5] } },
          "retry": { "maxAttempts": 4, "initialInterval": "00:00:02.5000000", "backoff": 1.5, "maxInterval": "01:00:00", "nonRetryable": ["ValidationError", "Auth"] },
          "timeout": "00:05:00", "heartbeatTimeout": "00:00:30", "onError": "route", "join": "any",
          "position": { "x": 240.5, "y": -80 } },
        { "id": "loop", "type": "flow.foreach", "inputs": { "items": "{{ input.list }}" }, "onError": "continue", "join": "all",
          "position": { "x": 0, "y": 0 },
          "body": {
            "nodes": [{ "id": "inner", "type": "log", "inputs": { "message": "{{ item }}" }, "onError": "fail", "join": "all",
                        "body": { "nodes": [], "edges": [] } }],
            "edges": []
          } }
      ],
      "edges": [
        { "id": "e1", "source": "check", "sourcePort": "true", "target": "loop" },
        { "id": "e2", "source": "check", "sourcePort": "error", "target": "loop" }
      ]
    }
    """;

    [Fact]
    public void ParseThenSerialize_CanonicalDocument_PreservesEveryField()
    {
        var definition = WeftJson.ParseDefinition(FullDocument);

        var written = JsonNode.Parse(WeftJson.Serialize(definition));

        JsonNode.DeepEquals(written, JsonNode.Parse(FullDocument)).ShouldBeTrue(written!.ToJsonString());
    }

    [Fact]
    public void ParseDefinition_CanonicalDocument_ReadsTimeSpansEnumsBodiesAndPositions()
    {
        var definition = WeftJson.ParseDefinition(FullDocument);

        definition.Options.ExecutionTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        definition.Options.Idempotency.ShouldBe(IdempotencyMode.Fail);
        var check = definition.Nodes[0];
        check.OnError.ShouldBe(OnErrorBehavior.Route);
        check.Join.ShouldBe(JoinMode.Any);
        check.Retry!.InitialInterval.ShouldBe(TimeSpan.FromMilliseconds(2500));
        check.Position!.X.ShouldBe(240.5);
        definition.Nodes[1].Body!.Nodes.ShouldHaveSingleItem().Id.ShouldBe("inner");
    }

    [Fact]
    public void Serialize_TimeSpansAndEnums_UseConstantFormatAndCamelCaseStrings()
    {
        var definition = Workflow.Create("wf")
            .ExecutionTimeout(TimeSpan.FromMinutes(10))
            .Idempotency(IdempotencyMode.UseExisting)
            .Node("a", "log", n => n.OnError(OnErrorBehavior.Route).Timeout(TimeSpan.FromHours(1.5)))
            .Build();

        var json = JsonNode.Parse(WeftJson.Serialize(definition))!;

        json["options"]!["executionTimeout"]!.GetValue<string>().ShouldBe("00:10:00");
        json["options"]!["idempotency"]!.GetValue<string>().ShouldBe("useExisting");
        json["nodes"]![0]!["onError"]!.GetValue<string>().ShouldBe("route");
        json["nodes"]![0]!["timeout"]!.GetValue<string>().ShouldBe("01:30:00");
        json["nodes"]![0]!.AsObject().ContainsKey("heartbeatTimeout").ShouldBeFalse();
    }

    [Fact]
    public void ParseDefinition_CommentsAndTrailingCommas_AreAccepted()
    {
        var definition = WeftJson.ParseDefinition("""
            {
              // hand-edited
              "id": "wf",
              "nodes": [{ "id": "a", "type": "log", }, ],
            }
            """);

        definition.Nodes.ShouldHaveSingleItem().Id.ShouldBe("a");
    }

    [Fact]
    public void ParseDefinition_TruncatedDocument_ThrowsJsonExceptionWithPosition()
    {
        var truncated = FullDocument[..(FullDocument.IndexOf("\"retry\"", StringComparison.Ordinal) + 12)];

        var error = Should.Throw<JsonException>(() => WeftJson.ParseDefinition(truncated));

        error.LineNumber.ShouldNotBeNull();
        error.LineNumber.Value.ShouldBeGreaterThan(0);
        error.Path.ShouldNotBeNullOrEmpty();
        error.Path.ShouldStartWith("$.nodes[0]");
    }

    [Theory]
    [InlineData("""{ "id": "wf", "version": "seven" }""", "$.version")]
    [InlineData("""{ "id": "wf", "nodes": [{ "id": "a", "onError": "explode" }] }""", "$.nodes[0].onError")]
    [InlineData("""{ "id": "wf", "options": { "executionTimeout": "ten minutes" } }""", "$.options.executionTimeout")]
    public void ParseDefinition_ValueOfWrongShape_ThrowsJsonExceptionWithPathAndLine(string json, string path)
    {
        var error = Should.Throw<JsonException>(() => WeftJson.ParseDefinition(json));

        error.Path.ShouldBe(path);
        error.LineNumber.ShouldBe(0);
    }

    [Fact]
    public void ValueTypesAccepts_IntegerBuiltInCode_FitsIntegerButFractionDoesNot()
    {
        ValueTypes.Accepts(ValueTypes.Integer, JsonValue.Create(800)).ShouldBeTrue();
        ValueTypes.Accepts(ValueTypes.Integer, JsonValue.Create(8L)).ShouldBeTrue();
        ValueTypes.Accepts(ValueTypes.Integer, JsonValue.Create(8.5)).ShouldBeFalse();
        ValueTypes.Accepts(ValueTypes.Integer, JsonNode.Parse("8e2")).ShouldBeTrue();
    }
}
