using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class LiteralTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("2.5", "2.5")]
    [InlineData(".5", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("1.5E-3", "0.0015")]
    [InlineData("0x1F", "31")]
    [InlineData("0b101", "5")]
    [InlineData("0o17", "15")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("undefined", "null")]
    public void Evaluate_NumberAndKeywordLiterals_HaveJavaScriptValues(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("'single'", "single")]
    [InlineData("\"double\"", "double")]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'a\nb\tc'", "a\nb\tc")]
    [InlineData(@"'back\\slash'", @"back\slash")]
    [InlineData(@"'\x41\u0042\u{43}'", "ABC")]
    [InlineData(@"'\u{1F600}'", "\U0001F600")]
    [InlineData(@"'\q'", "q")]
    public void Evaluate_StringLiterals_ApplyEscapes(string expression, string expected) =>
        ExpressionEngine.Default.Compile(expression).EvaluateRaw(Scope()).ShouldBe(expected);

    [Theory]
    [InlineData("`a${1 + 1}b${'c'}`", "a2bc")]
    [InlineData("`plain`", "plain")]
    [InlineData("`${null}|${true}|${[1, 2]}`", "null|true|1,2")]
    [InlineData("`x${`y${vars.n}`}z`", "xy5z")]
    [InlineData("`${ {a: 1}.a }`", "1")]
    [InlineData("`brace } and ${'}'}`", "brace } and }")]
    [InlineData(@"`line\n${input.name}`", "line\nAda")]
    public void Evaluate_TemplateLiteral_InterpolatesLikeJavaScript(string expression, string expected) =>
        Raw(expression).ShouldBe(expected);

    [Theory]
    [InlineData("[1, 'a', null, true]", """[1,"a",null,true]""")]
    [InlineData("[]", "[]")]
    [InlineData("[1, , 2]", "[1,null,2]")]
    [InlineData("[1, 2, ]", "[1,2]")]
    [InlineData("[...vars.list, 4, ...'ab']", """[3,1,2,4,"a","b"]""")]
    [InlineData("[[1, [2]], {}]", "[[1,[2]],{}]")]
    public void Evaluate_ArrayLiteral_BuildsArray(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("{a: 1, 'b c': 2, \"d\": 3, 4: 5}", """{"a":1,"b c":2,"d":3,"4":5}""")]
    [InlineData("{}", "{}")]
    [InlineData("{ default: 1, new: 2, if: 3 }", """{"default":1,"new":2,"if":3}""")]
    [InlineData("{ [input.name + '!']: 1 }", """{"Ada!":1}""")]
    [InlineData("{ a: 1, ...input.address, a: 2 }", """{"a":2,"city":"London"}""")]
    [InlineData("{ ...null, ...[7], x: 1 }", """{"0":7,"x":1}""")]
    [InlineData("[1].map(n => ({ n }))", """[{"n":1}]""")]
    public void Evaluate_ObjectLiteral_BuildsObject(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void Evaluate_ShorthandProperty_ReadsRoot() =>
        Eval("{ vars }.vars.n").ShouldBe("5");

    [Fact]
    public void Evaluate_NaNAndInfinity_BecomeJsonNull()
    {
        Eval("NaN").ShouldBe("null");
        Eval("1 / 0").ShouldBe("null");
        Raw("NaN").ShouldBe(double.NaN);
        Raw("-1 / 0").ShouldBe(double.NegativeInfinity);
        Raw("Infinity").ShouldBe(double.PositiveInfinity);
    }
}
