using System.Text.Json.Nodes;
using Weft.Activities.Schema;

namespace Weft.Activities.Tests.Schema;

public sealed class JsonSchemaCheckerTests
{
    private static IReadOnlyList<string> Problems(string schema) =>
        [.. JsonSchemaChecker.Check(JsonNode.Parse(schema)).Select(e => e.ToString())];

    [Fact]
    public void Check_TypicalStructuredOutputSchema_IsUsable()
    {
        Problems("""
            { "type": "object",
              "properties": {
                "intent": { "type": "string", "enum": ["A", "B"] },
                "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                "steps": { "type": "array", "items": { "$ref": "#/$defs/step" }, "minItems": 1 },
                "note": { "type": ["string", "null"], "pattern": "^[^<>]*$" },
                "any": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } },
              "required": ["intent", "confidence"],
              "additionalProperties": false,
              "$defs": { "step": { "type": "object", "properties": { "do": { "type": "string" } } } } }
            """).ShouldBeEmpty();
    }

    [Fact]
    public void Check_BrokenSchema_ReportsEachProblemWithItsPath()
    {
        Problems("""
            { "type": "object",
              "properties": {
                "a": { "type": "text" },
                "b": { "minLength": -1, "maximum": "ten" },
                "c": { "pattern": "([a-z" },
                "d": { "items": { "$ref": "#/$defs/missing" } },
                "e": 5 },
              "required": "a",
              "anyOf": [] }
            """).Select(WithoutRegexDetail).ShouldBe([
                "$.required: must be an array of property names",
                "$.properties.a.type: 'text' is not a JSON Schema type (string, number, integer, boolean, object, array, null)",
                "$.properties.b.minLength: must be a non-negative integer",
                "$.properties.b.maximum: must be a number",
                "$.properties.c.pattern: is not a valid regular expression",
                "$.properties.d.items.$ref: '#/$defs/missing' does not resolve: only local references such as #/$defs/name are supported",
                "$.properties.e: a schema must be an object or a boolean, not integer",
                "$.anyOf: must be a non-empty array of schemas",
            ]);
    }

    /// <summary>The regex engine's own wording varies between .NET versions: keep ours only.</summary>
    private static string WithoutRegexDetail(string problem)
    {
        const string marker = ": is not a valid regular expression";
        var at = problem.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? problem : problem[..(at + marker.Length)];
    }

    [Fact]
    public void Check_RemoteRef_IsRefused()
    {
        Problems("""{"$ref": "https://example.com/schema.json"}""").ShouldHaveSingleItem().ShouldContain("only local references");
    }

    [Fact]
    public void Resolve_JsonPointerEscapes_AreDecoded()
    {
        var root = JsonNode.Parse("""{"$defs": {"a/b": {"type": "string"}, "c~d": {"type": "number"}}}""");
        JsonSchemaChecker.Resolve(root, "#/$defs/a~1b")!["type"]!.GetValue<string>().ShouldBe("string");
        JsonSchemaChecker.Resolve(root, "#/$defs/c~0d")!["type"]!.GetValue<string>().ShouldBe("number");
        JsonSchemaChecker.Resolve(root, "#/$defs/nope").ShouldBeNull();
    }
}
