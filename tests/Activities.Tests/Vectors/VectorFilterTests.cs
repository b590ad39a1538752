using System.Text.Json.Nodes;
using Weft.Activities.Vectors;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Vectors;

public sealed class VectorFilterTests
{
    private static readonly JsonObject Payload = JsonNode.Parse("""
        { "lang": "en", "year": 2023, "score": 4.5, "draft": false, "tags": ["ai", "rag"],
          "meta": { "source": "web", "pages": [ { "n": 1 }, { "n": 7 } ] }, "empty": [], "nothing": null }
        """)!.AsObject();

    [Theory]
    [InlineData("""{"lang": "en"}""", true)]
    [InlineData("""{"lang": "fr"}""", false)]
    [InlineData("""{"lang": "en", "year": 2023}""", true)]
    [InlineData("""{"lang": ["fr", "en"]}""", true)]
    [InlineData("""{"tags": "rag"}""", true)]
    [InlineData("""{"draft": false}""", true)]
    [InlineData("""{"must": [{"key": "year", "match": {"value": 2023}}]}""", true)]
    [InlineData("""{"must": {"key": "lang", "match": {"value": "en"}}}""", true)]
    [InlineData("""{"must": [{"key": "lang", "match": {"any": ["de", "fr"]}}]}""", false)]
    [InlineData("""{"must": [{"key": "lang", "match": {"except": ["de", "fr"]}}]}""", true)]
    [InlineData("""{"must": [{"key": "missing", "match": {"except": ["x"]}}]}""", false)]
    [InlineData("""{"must": [{"key": "year", "range": {"gte": 2023, "lt": 2024}}]}""", true)]
    [InlineData("""{"must": [{"key": "year", "range": {"gt": 2023}}]}""", false)]
    [InlineData("""{"must": [{"key": "score", "range": {"lte": 4.5}}]}""", true)]
    [InlineData("""{"must": [{"key": "lang", "range": {"gt": 0}}]}""", false)]
    [InlineData("""{"should": [{"key": "lang", "match": {"value": "fr"}}, {"key": "year", "match": {"value": 2023}}]}""", true)]
    [InlineData("""{"should": [{"key": "lang", "match": {"value": "fr"}}, {"key": "year", "match": {"value": 1999}}]}""", false)]
    [InlineData("""{"must_not": [{"key": "tags", "match": {"value": "ai"}}]}""", false)]
    [InlineData("""{"must_not": [{"key": "tags", "match": {"value": "web"}}]}""", true)]
    [InlineData("""{"must": [{"key": "meta.source", "match": {"value": "web"}}]}""", true)]
    [InlineData("""{"must": [{"key": "meta.pages[].n", "range": {"gt": 5}}]}""", true)]
    [InlineData("""{"must": [{"key": "meta.pages[].n", "range": {"gt": 9}}]}""", false)]
    [InlineData("""{"must": [{"is_empty": {"key": "empty"}}, {"is_empty": {"key": "missing"}}, {"is_null": {"key": "nothing"}}]}""", true)]
    [InlineData("""{"must": [{"is_empty": {"key": "tags"}}]}""", false)]
    [InlineData("""{"must": [{"is_null": {"key": "missing"}}]}""", false)]
    [InlineData("""{"must": [{"should": [{"key": "lang", "match": {"value": "fr"}}, {"key": "draft", "match": {"value": false}}]}], "must_not": [{"key": "year", "range": {"lt": 2000}}]}""", true)]
    [InlineData("""{"key": "lang", "match": {"value": "en"}}""", true)]
    [InlineData("""{}""", true)]
    public void Matches_QdrantShapedFilter_DecidesLikeQdrant(string filter, bool expected) =>
        VectorFilter.Parse(JsonNode.Parse(filter)).Matches(Payload).ShouldBe(expected);

    [Fact]
    public void ToJson_Shorthand_ExpandsToQdrantShape() =>
        VectorFilter.Parse(JsonNode.Parse("""{"lang": "en", "tags": ["a", "b"]}""")).ToJson().ToJsonString()
            .ShouldBe("""{"must":[{"key":"lang","match":{"value":"en"}},{"key":"tags","match":{"any":["a","b"]}}]}""");

    [Theory]
    [InlineData("""{"must": [{"key": "year", "range": {"between": 1}}]}""", "filter.must[0].range.between")]
    [InlineData("""{"must": [{"key": "year"}]}""", "filter.must[0]")]
    [InlineData("""{"must": [{"key": "year", "match": {"value": 1}, "range": {"gt": 1}}]}""", "filter.must[0]")]
    [InlineData("""{"must": [{"key": "year", "geo_radius": {}}]}""", "filter.must[0].geo_radius")]
    [InlineData("""{"must": [{"key": "lang", "match": {"any": "en"}}]}""", "filter.must[0].match.any")]
    [InlineData("""{"must": "lang"}""", "filter.must")]
    [InlineData("""{"must": [], "min_should": 1}""", "filter.min_should")]
    [InlineData("""{"lang": {"nested": true}}""", "filter.lang")]
    public void Parse_UnsupportedShape_ThrowsValidationErrorWithItsPath(string filter, string path)
    {
        var ex = Should.Throw<ActivityException>(() => VectorFilter.Parse(JsonNode.Parse(filter)));

        ex.ErrorType.ShouldBe("ValidationError");
        ex.Message.ShouldContain($"'{path}'");
    }
}
