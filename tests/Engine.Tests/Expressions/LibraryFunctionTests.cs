using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class LibraryFunctionTests
{
    [Theory]
    [InlineData("Math.abs(-3)", "3")]
    [InlineData("Math.ceil(1.2)", "2")]
    [InlineData("Math.floor(-1.2)", "-2")]
    [InlineData("Math.round(2.5)", "3")]
    [InlineData("Math.round(-2.5)", "-2")]
    [InlineData("Math.round(1.4)", "1")]
    [InlineData("Math.round(0.49999999999999994)", "0")]
    [InlineData("Math.max(1, 5, 3)", "5")]
    [InlineData("Math.max(...vars.list)", "3")]
    [InlineData("Math.min(...input.items.map(i => i.price))", "2.5")]
    [InlineData("Math.pow(2, 10)", "1024")]
    [InlineData("Math.sqrt(16)", "4")]
    [InlineData("Math.sign(-3)", "-1")]
    [InlineData("Math.trunc(-4.7)", "-4")]
    [InlineData("Math.floor(Math.PI * 100)", "314")]
    [InlineData("Math.log(Math.E)", "1")]
    public void Math_Functions_MatchJavaScript(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void Math_MaxAndMinEdgeCases_MatchJavaScript()
    {
        Raw("Math.max()").ShouldBe(double.NegativeInfinity);
        Raw("Math.min()").ShouldBe(double.PositiveInfinity);
        Raw("Math.min(2, 'x')").ShouldBe(double.NaN);
    }

    [Fact]
    public void Math_Random_IsNotAvailable() =>
        Fails<ExpressionSyntaxException>("Math.random()").Message.ShouldBe("Unknown function Math.random at 5");

    [Theory]
    [InlineData("JSON.stringify({a: [1, 'x', null, true]})", """{"a":[1,"x",null,true]}""")]
    [InlineData("JSON.stringify('a\"b\\n')", "\"a\\\"b\\n\"")]
    [InlineData("JSON.stringify(1 / 0)", "null")]
    [InlineData("JSON.stringify(input.address)", """{"city":"London"}""")]
    [InlineData("JSON.stringify([1, {b: 2}], null, 2)", "[\n  1,\n  {\n    \"b\": 2\n  }\n]")]
    [InlineData("JSON.stringify({}, null, 2)", "{}")]
    public void JsonStringify_Values_WritesJavaScriptJson(string expression, string expected) =>
        Raw(expression).ShouldBe(expected);

    [Theory]
    [InlineData("JSON.parse('[1, {\"a\": 2}]')[1].a", "2")]
    [InlineData("JSON.parse('{\"x\": 1}')", """{"x":1}""")]
    [InlineData("JSON.parse('\"s\"')", "\"s\"")]
    [InlineData("JSON.parse(JSON.stringify(input.items)).length", "2")]
    public void JsonParse_Text_ReadsValue(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void JsonParse_InvalidText_ThrowsRuntimeError() =>
        Fails<ExpressionRuntimeException>("JSON.parse('{bad')").Message.ShouldStartWith("JSON.parse: ");

    [Theory]
    [InlineData("Object.keys(input.address)", """["city"]""")]
    [InlineData("Object.keys({b: 1, a: 2})", """["b","a"]""")]
    [InlineData("Object.values({b: 1, a: 2})", "[1,2]")]
    [InlineData("Object.entries(input.address)", """[["city","London"]]""")]
    [InlineData("Object.keys([5, 6])", """["0","1"]""")]
    [InlineData("Object.keys(5)", "[]")]
    [InlineData("Object.fromEntries([['a', 1], ['b', 2], ['a', 3]])", """{"a":3,"b":2}""")]
    [InlineData("Object.fromEntries(Object.entries({x: 1}).map(([k, v]) => [k.toUpperCase(), v * 2]))", """{"X":2}""")]
    public void Object_Functions_MatchJavaScript(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void ObjectKeys_OfNull_Throws() =>
        Fails<ExpressionRuntimeException>("Object.keys(input.nothing)").Message.ShouldBe("Object.keys expects an object, but got null at 7");

    [Theory]
    [InlineData("Number('42')", "42")]
    [InlineData("Number(' 4.5 ')", "4.5")]
    [InlineData("Number('')", "0")]
    [InlineData("Number('0x10')", "16")]
    [InlineData("Number('-Infinity') < 0", "true")]
    [InlineData("Number(true)", "1")]
    [InlineData("Number(null)", "0")]
    [InlineData("Number([7])", "7")]
    [InlineData("String(12.5)", "\"12.5\"")]
    [InlineData("String(null)", "\"null\"")]
    [InlineData("String([1, [2, 3]])", "\"1,2,3\"")]
    [InlineData("String({a: 1})", "\"{\\\"a\\\":1}\"")]
    [InlineData("String(1e-7)", "\"1e-7\"")]
    [InlineData("Boolean('')", "false")]
    [InlineData("Boolean('0')", "true")]
    [InlineData("Boolean([])", "true")]
    [InlineData("Array.isArray([])", "true")]
    [InlineData("Array.isArray(input.tags)", "true")]
    [InlineData("Array.isArray('x')", "false")]
    [InlineData("parseInt('42px')", "42")]
    [InlineData("parseInt('ff', 16)", "255")]
    [InlineData("parseInt('0x1F')", "31")]
    [InlineData("parseInt('  -12.9')", "-12")]
    [InlineData("parseInt('101', 2)", "5")]
    [InlineData("parseFloat('3.14abc')", "3.14")]
    [InlineData("parseFloat('.5')", "0.5")]
    [InlineData("parseFloat('-1e3x')", "-1000")]
    [InlineData("isNaN('abc')", "true")]
    [InlineData("isNaN('12')", "false")]
    [InlineData("isFinite(1 / 0)", "false")]
    [InlineData("Number.isInteger(5)", "true")]
    [InlineData("Number.isInteger(5.5)", "false")]
    [InlineData("Number.isInteger('5')", "false")]
    [InlineData("Number.MAX_SAFE_INTEGER", "9007199254740991")]
    [InlineData("(3.14159).toFixed(2)", "\"3.14\"")]
    [InlineData("(2.5).toFixed(0)", "\"3\"")]
    [InlineData("(0).toFixed(2)", "\"0.00\"")]
    [InlineData("(-2.5).toFixed(0)", "\"-3\"")]
    [InlineData("(1.005).toFixed(2)", "\"1.00\"")]
    [InlineData("(1.45).toFixed(1)", "\"1.4\"")]
    [InlineData("(0.5).toFixed(0)", "\"1\"")]
    [InlineData("(1234.5678).toFixed(2)", "\"1234.57\"")]
    [InlineData("(0.000001).toFixed(7)", "\"0.0000010\"")]
    [InlineData("(1e21).toFixed(2)", "\"1e+21\"")]
    [InlineData("(255).toString(16)", "\"ff\"")]
    [InlineData("(-255).toString(2)", "\"-11111111\"")]
    [InlineData("(12).toString()", "\"12\"")]
    [InlineData("vars.flag.toString()", "\"true\"")]
    public void Global_Functions_MatchJavaScript(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("Number('12px')")]
    [InlineData("Number('1e')")]
    [InlineData("Number({})")]
    [InlineData("parseInt('abc')")]
    [InlineData("parseFloat('')")]
    public void Global_UnparsableNumbers_AreNaN(string expression) =>
        Raw(expression).ShouldBe(double.NaN);
}
