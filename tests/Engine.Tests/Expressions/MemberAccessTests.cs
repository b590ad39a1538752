using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class MemberAccessTests
{
    [Theory]
    [InlineData("input.name", "\"Ada\"")]
    [InlineData("input.address.city", "\"London\"")]
    [InlineData("input['address']['city']", "\"London\"")]
    [InlineData("input[vars.empty + 'name']", "\"Ada\"")]
    [InlineData("input.tags[1]", "\"b\"")]
    [InlineData("input.tags['1']", "\"b\"")]
    [InlineData("input.tags[5]", "null")]
    [InlineData("input.tags[-1]", "null")]
    [InlineData("input.tags[0.5]", "null")]
    [InlineData("input.tags.length", "2")]
    [InlineData("input.tags['length']", "2")]
    [InlineData("input.name.length", "3")]
    [InlineData("'abc'[0]", "\"a\"")]
    [InlineData("'abc'[3]", "null")]
    [InlineData("[1, 2, 3][1]", "2")]
    [InlineData("{a: {b: 7}}.a.b", "7")]
    [InlineData("input.items[1].price", "10")]
    [InlineData("input.missing", "null")]
    [InlineData("input.nothing", "null")]
    [InlineData("(5).x", "null")]
    [InlineData("vars.flag.x", "null")]
    public void Evaluate_MemberAndIndexAccess_ReadsValues(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("input.missing?.x")]
    [InlineData("input.missing?.x.y.z")]
    [InlineData("input.nothing?.[0]")]
    [InlineData("input.missing?.trim()")]
    [InlineData("input.missing?.x.trim().length")]
    [InlineData("input.address.zip?.code")]
    public void Evaluate_OptionalChainOnNull_ShortCircuitsTheWholeChain(string expression) =>
        Eval(expression).ShouldBe("null");

    [Fact]
    public void Evaluate_OptionalChainOnValue_ContinuesNormally() =>
        Eval("input.address?.city.toUpperCase()").ShouldBe("\"LONDON\"");

    [Fact]
    public void Evaluate_ParenthesesEndOptionalChain_ThenReadingNullThrows()
    {
        var error = Fails<ExpressionRuntimeException>("(input.missing?.x).y");
        error.Message.ShouldBe("Cannot read 'y' of null at 19");
        error.Position.ShouldBe(19);
    }

    [Fact]
    public void Evaluate_MemberOfNullWithoutOptional_ThrowsWithPosition()
    {
        var error = Fails<ExpressionRuntimeException>("input.missing.x");

        error.Message.ShouldBe("Cannot read 'x' of null at 14");
        error.Position.ShouldBe(14);
        error.Expression.ShouldBe("input.missing.x");
    }

    [Fact]
    public void Evaluate_IndexOfNull_ThrowsWithPosition() =>
        Fails<ExpressionRuntimeException>("input.nothing[0]").Message.ShouldBe("Cannot read '0' of null at 13");

    [Fact]
    public void Evaluate_UnknownRoot_ThrowsNotDefined() =>
        Fails<ExpressionRuntimeException>("1 + nope.x").Message.ShouldBe("'nope' is not defined at 4");

    [Fact]
    public void Evaluate_LazyObjectRoot_ReadsOnlyTheMembersUsed()
    {
        var nodes = new CountingObject(new() { ["load"] = JsonNode.Parse("""{"output": {"text": "hi"}}"""), ["other"] = "x" });
        var scope = new DictionaryScope().Set("nodes", nodes);

        Eval("nodes.load.output.text", scope).ShouldBe("\"hi\"");
        nodes.Reads.ShouldBe(["load"]);
        Eval("Object.keys(nodes)", scope).ShouldBe("""["load","other"]""");
        Eval("nodes", scope).ShouldBe("""{"load":{"output":{"text":"hi"}},"other":"x"}""");
        Eval("nodes.unknown?.output", scope).ShouldBe("null");
    }

    [Fact]
    public void Evaluate_ScopeRootsOfEveryKind_AreRead()
    {
        var scope = new DictionaryScope()
            .Set("s", "text").Set("d", 2.5).Set("b", true).Set("i", 7).Set("n", null)
            .Set("v", JsonValue.Create(4)).Set("e", JsonNode.Parse("\"elem\""));

        Eval("[s, d, b, i, n, v, e, i + v]", scope).ShouldBe("""["text",2.5,true,7,null,4,"elem",11]""");
    }

    private sealed class CountingObject(Dictionary<string, object?> members) : IExpressionObject
    {
        public List<string> Reads { get; } = [];

        public bool TryGetMember(string name, out object? value)
        {
            Reads.Add(name);
            return members.TryGetValue(name, out value);
        }

        public IEnumerable<string> MemberNames => members.Keys;
    }
}
