using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class ArrayMethodTests
{
    [Theory]
    [InlineData("[1, 2, 3].map((x, i) => x * i)", "[0,2,6]")]
    [InlineData("[1, 2].map((x, i, arr) => arr.length)", "[2,2]")]
    [InlineData("input.items.map(i => i.price * i.qty)", "[5,10]")]
    [InlineData("[1, 2, 3, 4].filter(x => x % 2 == 0)", "[2,4]")]
    [InlineData("input.items.filter(i => i.price > 5).map(i => i.id)", "[2]")]
    [InlineData("[1, 2, 3].find(x => x > 1)", "2")]
    [InlineData("[1, 2, 3].find(x => x > 5)", "null")]
    [InlineData("[1, 2, 3].findIndex(x => x > 1)", "1")]
    [InlineData("[1, 2, 3].findIndex(x => x > 5)", "-1")]
    [InlineData("[1, 2, 3].findLast(x => x < 3)", "2")]
    [InlineData("[1, 2, 3].findLastIndex(x => x < 3)", "1")]
    [InlineData("[1, 2, 3].some(x => x > 2)", "true")]
    [InlineData("[].some(x => true)", "false")]
    [InlineData("[1, 2, 3].every(x => x > 0)", "true")]
    [InlineData("[1, 2, 3].every(x => x > 1)", "false")]
    [InlineData("[].every(x => false)", "true")]
    [InlineData("[1, 2, 3].join()", "\"1,2,3\"")]
    [InlineData("[1, null, [2, 3]].join('-')", "\"1--2,3\"")]
    [InlineData("[].join()", "\"\"")]
    [InlineData("input.tags.join(' & ')", "\"a & b\"")]
    [InlineData("[1, 2, 3, 4].slice(1, -1)", "[2,3]")]
    [InlineData("[1, 2, 3].slice(-2)", "[2,3]")]
    [InlineData("[1, 2, 3].slice(5)", "[]")]
    [InlineData("[1, 2, 3].includes(2)", "true")]
    [InlineData("[1, 2, 3].includes('2')", "false")]
    [InlineData("[NaN].includes(NaN)", "true")]
    [InlineData("[NaN].indexOf(NaN)", "-1")]
    [InlineData("input.tags.indexOf('b')", "1")]
    [InlineData("[1, 2, 1].indexOf(1, 1)", "2")]
    [InlineData("[1, 2, 1].lastIndexOf(1)", "2")]
    [InlineData("[1, 2].concat(3, [4, [5]])", "[1,2,3,4,[5]]")]
    [InlineData("[1, 2, 3].reduce((s, x) => s + x)", "6")]
    [InlineData("[1, 2, 3].reduce((s, x) => s + x, 10)", "16")]
    [InlineData("[[1, 2], [3]].reduce((acc, xs, i) => acc + xs.length * i, 0)", "1")]
    [InlineData("['a', 'b', 'c'].reduceRight((s, x) => s + x)", "\"cba\"")]
    [InlineData("input.items.reduce((sum, i) => sum + i.price * i.qty, 0)", "15")]
    [InlineData("[1, [2, [3, [4]]]].flat()", "[1,2,[3,[4]]]")]
    [InlineData("[1, [2, [3, [4]]]].flat(2)", "[1,2,3,[4]]")]
    [InlineData("[1, [2, [3, [4]]]].flat(Infinity)", "[1,2,3,4]")]
    [InlineData("[1, 2].flatMap(x => [x, x * 10])", "[1,10,2,20]")]
    [InlineData("[1, 2, 3].reverse()", "[3,2,1]")]
    [InlineData("[1, 2, 3].at(-1)", "3")]
    [InlineData("[1, 2, 3].at(3)", "null")]
    [InlineData("[1, [2, 3]].toString()", "\"1,2,3\"")]
    [InlineData("input.items.length", "2")]
    public void ArrayMethod_Call_MatchesJavaScript(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("[3, 1, 2].sort()", "[1,2,3]")]
    [InlineData("[10, 9, 1].sort()", "[1,10,9]")]
    [InlineData("['b', 'a', 'C'].sort()", """["C","a","b"]""")]
    [InlineData("[null, 2, 1].sort()", "[1,2,null]")]
    [InlineData("[3, 1, 2].sort((a, b) => b - a)", "[3,2,1]")]
    [InlineData("[10, 9, 1].sort((a, b) => a - b)", "[1,9,10]")]
    [InlineData("input.items.sort((a, b) => b.price - a.price).map(i => i.id)", "[2,1]")]
    [InlineData("['b', 'A', 'c'].sort((a, b) => a.localeCompare(b))", """["A","b","c"]""")]
    public void Sort_WithAndWithoutComparator_OrdersLikeJavaScript(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void Sort_EqualKeys_KeepTheirOrder() =>
        Eval("[{k: 1, v: 'a'}, {k: 0, v: 'b'}, {k: 1, v: 'c'}, {k: 0, v: 'd'}].sort((x, y) => x.k - y.k).map(x => x.v).join('')")
            .ShouldBe("\"bdac\"");

    [Fact]
    public void SortAndReverse_ScopeArray_AreLeftUnchanged()
    {
        var scope = Scope();

        Eval("[vars.list.sort(), vars.list.reverse(), vars.list]", scope).ShouldBe("[[1,2,3],[2,1,3],[3,1,2]]");
        Text((scope["vars"] as System.Text.Json.Nodes.JsonNode)!["list"]).ShouldBe("[3,1,2]");
    }

    [Theory]
    [InlineData("[[1, 2], [3, 4]].map(([a, b]) => a + b)", "[3,7]")]
    [InlineData("input.items.map(({id, price: p}) => id + p)", "[3.5,12]")]
    [InlineData("[[1, 2, 3]].map(([, second]) => second)", "[2]")]
    [InlineData("Object.entries({a: 1, b: 2}).map(([k, v]) => k + '=' + v).join('&')", "\"a=1&b=2\"")]
    public void Callback_DestructuringParameters_BindParts(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void Callback_NestedArrows_SeeOuterParameters() =>
        Eval("[1, 2].map(x => [10, 20].map(y => x + y))").ShouldBe("[[11,21],[12,22]]");

    [Fact]
    public void Callback_ParameterNamedLikeRoot_ShadowsIt() =>
        Eval("[1].map(input => input + 1)").ShouldBe("[2]");

    [Fact]
    public void Callback_DestructuringNull_Throws() =>
        Fails<ExpressionRuntimeException>("[null].map(({a}) => a)").Message.ShouldStartWith("Cannot destructure null");

    [Fact]
    public void Reduce_EmptyWithoutInitialValue_Throws() =>
        Fails<ExpressionRuntimeException>("[].reduce((a, b) => a)").Message.ShouldStartWith("reduce of an empty array needs an initial value");

    [Fact]
    public void Map_WithoutFunction_ThrowsExpectsFunction() =>
        Fails<ExpressionRuntimeException>("input.tags.map(5)").Message.ShouldStartWith("map expects a function as argument 1");

    [Fact]
    public void EvaluateRaw_BuiltArray_IsReadOnlyList()
    {
        var raw = Raw("[1, 'a']").ShouldBeAssignableTo<IReadOnlyList<object?>>()!;

        raw.Count.ShouldBe(2);
        raw[0].ShouldBe(1d);
        raw[1].ShouldBe("a");
    }
}
