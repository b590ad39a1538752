using System.Text.Json.Nodes;
using Weft.Activities.Schema;

namespace Weft.Activities.Tests.Schema;

public sealed class JsonSchemaValidatorTests
{
    private static IReadOnlyList<string> Errors(string schema, string instance) =>
        [.. JsonSchemaValidator.Validate(JsonNode.Parse(schema), JsonNode.Parse(instance)).Select(e => e.ToString())];

    [Theory]
    [InlineData("""{"type":"string"}""", "\"a\"")]
    [InlineData("""{"type":"integer"}""", "3")]
    [InlineData("""{"type":"integer"}""", "3.0")]
    [InlineData("""{"type":"number"}""", "3")]
    [InlineData("""{"type":"number"}""", "-1.5e3")]
    [InlineData("""{"type":"boolean"}""", "false")]
    [InlineData("""{"type":"null"}""", "null")]
    [InlineData("""{"type":"array"}""", "[]")]
    [InlineData("""{"type":"object"}""", "{}")]
    [InlineData("""{"type":["string","null"]}""", "null")]
    [InlineData("""{"type":"string","nullable":true}""", "null")]
    [InlineData("""true""", "{\"anything\":1}")]
    [InlineData("""{}""", "[1,2]")]
    public void Validate_MatchingType_HasNoErrors(string schema, string instance) =>
        Errors(schema, instance).ShouldBeEmpty();

    [Theory]
    [InlineData("""{"type":"string"}""", "1", "$: must be string, not integer")]
    [InlineData("""{"type":"integer"}""", "1.5", "$: must be integer, not number")]
    [InlineData("""{"type":["string","null"]}""", "true", "$: must be string or null, not boolean")]
    [InlineData("""{"type":"object"}""", "null", "$: must be object, not null")]
    [InlineData("""false""", "1", "$: is not allowed here")]
    public void Validate_WrongType_SaysWhatWasExpected(string schema, string instance, string expected) =>
        Errors(schema, instance).ShouldBe([expected]);

    [Fact]
    public void Validate_NestedObject_ReportsEveryErrorWithItsPath()
    {
        const string schema = """
            { "type": "object",
              "properties": {
                "user": { "type": "object",
                          "properties": { "name": { "type": "string", "minLength": 2 }, "tags": { "type": "array", "items": { "type": "string" } } },
                          "required": ["name", "email"], "additionalProperties": false } },
              "required": ["user"] }
            """;

        Errors(schema, """{"user": {"name": "A", "tags": ["x", 3, "z", null], "age": 40}}""").ShouldBe([
            "$.user.email: is required",
            "$.user.name: must be at least 2 characters long, not 1",
            "$.user.tags[1]: must be string, not integer",
            "$.user.tags[3]: must be string, not null",
            "$.user.age: is not allowed (allowed properties: name, tags)",
        ]);
    }

    [Fact]
    public void Validate_OddPropertyNames_AreQuotedInPaths()
    {
        Errors("""{"properties": {"first name": {"type": "string"}}}""", """{"first name": 1}""")
            .ShouldBe(["$['first name']: must be string, not integer"]);
    }

    [Fact]
    public void Validate_AdditionalPropertiesSchema_AppliesToExtraProperties()
    {
        Errors("""{"properties": {"a": {}}, "additionalProperties": {"type": "number"}}""", """{"a": "x", "b": 1, "c": "no"}""")
            .ShouldBe(["$.c: must be number, not string"]);
    }

    [Theory]
    [InlineData("""{"enum": ["red", "green"]}""", "\"blue\"", "$: must be one of \"red\", \"green\", not \"blue\"")]
    [InlineData("""{"const": {"a": 1}}""", """{"a": 2}""", "$: must be {\"a\":1}, not {\"a\":2}")]
    [InlineData("""{"maxLength": 3}""", "\"abcd\"", "$: must be at most 3 characters long, not 4")]
    [InlineData("""{"pattern": "^[A-Z]{3}$"}""", "\"abc\"", "$: must match the pattern ^[A-Z]{3}$")]
    [InlineData("""{"minimum": 1}""", "0.5", "$: must be at least 1, not 0.5")]
    [InlineData("""{"maximum": 10}""", "11", "$: must be at most 10, not 11")]
    [InlineData("""{"exclusiveMinimum": 0}""", "0", "$: must be greater than 0, not 0")]
    [InlineData("""{"exclusiveMaximum": 1}""", "1", "$: must be less than 1, not 1")]
    [InlineData("""{"multipleOf": 0.5}""", "0.75", "$: must be a multiple of 0.5, not 0.75")]
    [InlineData("""{"minItems": 2}""", "[1]", "$: must have at least 2 items, not 1")]
    [InlineData("""{"maxItems": 1}""", "[1,2]", "$: must have at most 1 items, not 2")]
    [InlineData("""{"uniqueItems": true}""", "[1, 2, 1.0]", "$[2]: repeats item 0; items must be unique")]
    [InlineData("""{"minProperties": 1}""", "{}", "$: must have at least 1 properties, not 0")]
    public void Validate_Keyword_ReportsItsBreach(string schema, string instance, string expected) =>
        Errors(schema, instance).ShouldBe([expected]);

    [Theory]
    [InlineData("""{"enum": [1, "1"]}""", "1.0")]
    [InlineData("""{"const": {"a": [1, {"b": null}], "c": true}}""", """{"c": true, "a": [1, {"b": null}]}""")]
    [InlineData("""{"minLength": 2, "maxLength": 2}""", "\"😀😀\"")]
    [InlineData("""{"pattern": "b"}""", "\"abc\"")]
    [InlineData("""{"minimum": 0.1, "maximum": 0.3}""", "0.3")]
    [InlineData("""{"multipleOf": 0.1}""", "0.3")]
    public void Validate_KeywordSatisfied_HasNoErrors(string schema, string instance) =>
        Errors(schema, instance).ShouldBeEmpty();

    [Fact]
    public void Validate_KeywordsOfOtherTypes_DoNotApply()
    {
        // minLength says nothing about numbers, minimum nothing about strings.
        Errors("""{"minLength": 5, "minimum": 100}""", "3").ShouldBe(["$: must be at least 100, not 3"]);
        Errors("""{"minLength": 5, "minimum": 100}""", "\"abc\"").ShouldBe(["$: must be at least 5 characters long, not 3"]);
    }

    [Fact]
    public void Validate_AnyOf_PassesWhenOneBranchDoes_ElseNamesTheClosest()
    {
        const string schema = """{"anyOf": [{"type": "string"}, {"type": "object", "required": ["id"]}]}""";
        Errors(schema, "\"x\"").ShouldBeEmpty();
        Errors(schema, """{"id": 1}""").ShouldBeEmpty();
        Errors(schema, "{}").ShouldBe(["$: must match at least one of the anyOf alternatives (closest is alternative 1: $.id: is required)"]);
    }

    [Fact]
    public void Validate_OneOf_NeedsExactlyOneMatch()
    {
        const string schema = """{"oneOf": [{"type": "number"}, {"type": "integer"}]}""";
        Errors(schema, "1.5").ShouldBeEmpty();
        Errors(schema, "2").ShouldBe(["$: must match exactly one of the oneOf alternatives, and matches 2"]);
        Errors(schema, "\"x\"").Single().ShouldStartWith("$: must match exactly one of the oneOf alternatives, and matches none");
    }

    [Fact]
    public void Validate_AllOfAndNot_Apply()
    {
        Errors("""{"allOf": [{"minimum": 1}, {"maximum": 3}]}""", "5").ShouldBe(["$: must be at most 3, not 5"]);
        Errors("""{"not": {"type": "null"}}""", "null").ShouldBe(["$: must not match the 'not' schema"]);
    }

    [Fact]
    public void Validate_LocalRefs_ResolveIncludingRecursion()
    {
        const string schema = """
            { "$defs": { "node": { "type": "object", "properties": { "value": { "type": "integer" }, "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } }, "required": ["value"] } },
              "$ref": "#/$defs/node" }
            """;
        Errors(schema, """{"value": 1, "children": [{"value": 2, "children": [{"value": "three"}]}, {}]}""").ShouldBe([
            "$.children[0].children[0].value: must be integer, not string",
            "$.children[1].value: is required",
        ]);
    }

    [Fact]
    public void Validate_SelfReferenceWithoutEnd_StopsAtTheDepthLimit()
    {
        var errors = Errors("""{"$ref": "#"}""", "1");
        errors.ShouldHaveSingleItem().ShouldContain("nests deeper than 64 levels");
    }

    [Fact]
    public void Validate_TupleItems_CheckEachPosition()
    {
        Errors("""{"prefixItems": [{"type": "string"}, {"type": "number"}], "items": false}""", """["a", 1, true]""")
            .ShouldBe(["$[2]: is not allowed here"]);
    }

    [Fact]
    public void Validate_InstanceBuiltInCode_IsReadLikeParsedJson()
    {
        var schema = JsonNode.Parse("""{"type": "object", "properties": {"n": {"type": "integer", "maximum": 5}, "x": {"enum": [2.5]}}}""");
        var instance = new JsonObject { ["n"] = 7L, ["x"] = 2.5m };
        JsonSchemaValidator.Validate(schema, instance).Select(e => e.ToString()).ShouldBe(["$.n: must be at most 5, not 7"]);
    }
}
