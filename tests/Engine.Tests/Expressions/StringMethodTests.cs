using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class StringMethodTests
{
    [Theory]
    [InlineData("'Hello'.toUpperCase()", "\"HELLO\"")]
    [InlineData("'Hello'.toLowerCase()", "\"hello\"")]
    [InlineData("'  hi \\n'.trim()", "\"hi\"")]
    [InlineData("'  hi  '.trimStart()", "\"hi  \"")]
    [InlineData("'  hi  '.trimEnd()", "\"  hi\"")]
    [InlineData("'hello'.includes('ell')", "true")]
    [InlineData("'hello'.includes('l', 4)", "false")]
    [InlineData("'hello'.startsWith('he')", "true")]
    [InlineData("'hello'.startsWith('l', 2)", "true")]
    [InlineData("'hello'.endsWith('lo')", "true")]
    [InlineData("'hello'.endsWith('l', 4)", "true")]
    [InlineData("'hello'.indexOf('l')", "2")]
    [InlineData("'hello'.indexOf('l', 3)", "3")]
    [InlineData("'hello'.indexOf('z')", "-1")]
    [InlineData("'hello'.lastIndexOf('l')", "3")]
    [InlineData("'hello'.lastIndexOf('l', 2)", "2")]
    [InlineData("'hello'.lastIndexOf('h', -5)", "0")]
    [InlineData("'hello'.slice(1, 3)", "\"el\"")]
    [InlineData("'hello'.slice(-3)", "\"llo\"")]
    [InlineData("'hello'.slice(2, -1)", "\"ll\"")]
    [InlineData("'hello'.slice(3, 1)", "\"\"")]
    [InlineData("'hello'.substring(3, 1)", "\"el\"")]
    [InlineData("'hello'.substring(-2, 2)", "\"he\"")]
    [InlineData("'hello'.substring(2)", "\"llo\"")]
    [InlineData("'a,b,,c'.split(',')", """["a","b","","c"]""")]
    [InlineData("'abc'.split('')", """["a","b","c"]""")]
    [InlineData("'a,b,c'.split(',', 2)", """["a","b"]""")]
    [InlineData("'a, b'.split(', ')", """["a","b"]""")]
    [InlineData("'abc'.split()", """["abc"]""")]
    [InlineData("''.split(',')", """[""]""")]
    [InlineData("''.split('')", "[]")]
    [InlineData("'a-b-c'.replace('-', '+')", "\"a+b-c\"")]
    [InlineData("'a-b-c'.replaceAll('-', '+')", "\"a+b+c\"")]
    [InlineData("'abc'.replace('z', 'y')", "\"abc\"")]
    [InlineData("'abc'.replace('b', '[$&]')", "\"a[b]c\"")]
    [InlineData("'abc'.replace('b', '$$')", "\"a$c\"")]
    [InlineData("'abc'.replace('b', '$`')", "\"aac\"")]
    [InlineData("'abc'.replace('b', \"$'\")", "\"acc\"")]
    [InlineData("'aaa'.replaceAll('a', (m, i) => i)", "\"012\"")]
    [InlineData("'abc'.replace('b', m => m.toUpperCase())", "\"aBc\"")]
    [InlineData("'abc'.replaceAll('', '-')", "\"-a-b-c-\"")]
    [InlineData("'5'.padStart(3, '0')", "\"005\"")]
    [InlineData("'abc'.padEnd(6, '12')", "\"abc121\"")]
    [InlineData("'abc'.padStart(2)", "\"abc\"")]
    [InlineData("'x'.padStart(3)", "\"  x\"")]
    [InlineData("'ab'.repeat(3)", "\"ababab\"")]
    [InlineData("'ab'.repeat(0)", "\"\"")]
    [InlineData("'abc'.charAt(1)", "\"b\"")]
    [InlineData("'abc'.charAt(5)", "\"\"")]
    [InlineData("'abc'.charCodeAt(0)", "97")]
    [InlineData("'abc'.at(-1)", "\"c\"")]
    [InlineData("'a'.concat('b', 1, null)", "\"ab1null\"")]
    [InlineData("'b'.localeCompare('a')", "1")]
    [InlineData("'a'.localeCompare('B')", "-1")]
    [InlineData("'a'.localeCompare('a')", "0")]
    [InlineData("'x'.toString()", "\"x\"")]
    [InlineData("input.name.toUpperCase().split('').reverse().join('')", "\"ADA\"")]
    public void StringMethod_Call_MatchesJavaScript(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Fact]
    public void StringMethod_OnNonString_ThrowsNotAMethod() =>
        Fails<ExpressionRuntimeException>("input.tags.trim()").Message.ShouldBe("'trim' is not a method of an array at 11");

    [Fact]
    public void StringMethod_OnNull_ThrowsCannotCall() =>
        Fails<ExpressionRuntimeException>("input.missing.trim()").Message.ShouldBe("Cannot call 'trim' of null at 14");

    [Fact]
    public void Repeat_NegativeCount_Throws() =>
        Fails<ExpressionRuntimeException>("'x'.repeat(-1)").Message.ShouldStartWith("Invalid count for repeat");
}
