using Weft.Engine.Expressions;

namespace Weft.Engine.Tests.Expressions;

public class SyntaxErrorTests
{
    [Theory]
    [InlineData("1 +", 3, "Expected an expression but the expression ended")]
    [InlineData("'abc", 0, "Unterminated string")]
    [InlineData("`abc", 0, "Unterminated template literal")]
    [InlineData("`a${b`", 5, "Unterminated template literal")]
    [InlineData("`a${b", 2, "Unterminated ${ in template literal")]
    [InlineData("1 + @", 4, "Unexpected character '@'")]
    [InlineData("foo bar", 4, "Unexpected 'bar'")]
    [InlineData("a = 1", 2, "Assignment is not supported in expressions (use === to compare)")]
    [InlineData("a += 1", 2, "Assignment is not supported in expressions (use === to compare)")]
    [InlineData("a++", 1, "Increment and decrement are not supported in expressions")]
    [InlineData("a; b", 1, "Statements are not supported: an expression has no ';'")]
    [InlineData("a & b", 2, "Bitwise operators are not supported")]
    [InlineData("new Date()", 0, "'new' is not supported in expressions")]
    [InlineData("this.x", 0, "'this' is not supported in expressions")]
    [InlineData("typeof x", 0, "'typeof' is not supported in expressions")]
    [InlineData("'a' in x", 4, "The 'in' operator is not supported")]
    [InlineData("x => 1", 0, "Arrow functions can only be passed as arguments, e.g. items.map(x => x.name)")]
    [InlineData("(a, b) => a", 0, "Arrow functions can only be passed as arguments, e.g. items.map(x => x.name)")]
    [InlineData("[1].map(x => { return x })", 13, "An arrow function's body must be an expression; to return an object, wrap it in parentheses: x => ({ … })")]
    [InlineData("[1].map(function (x) { return x })", 8, "'function' is not supported in expressions")]
    [InlineData("[1].map((x = 1) => x)", 11, "Default values are not supported")]
    [InlineData("[1].map((x, x) => x)", 8, "Duplicate parameter name 'x'")]
    [InlineData("a ?? b || c", 7, "Use parentheses to mix ?? with || or &&")]
    [InlineData("a || b ?? c", 7, "Use parentheses to mix ?? with || or &&")]
    [InlineData("-2 ** 2", 3, "Wrap the unary expression left of ** in parentheses, e.g. (-2) ** 2")]
    [InlineData("/abc/.test(x)", 0, "Regular expressions are not supported; use string methods such as includes, replace or split")]
    [InlineData("(1, 2)", 2, "The comma operator is not supported")]
    [InlineData("()", 1, "Expected an expression but found ')'")]
    [InlineData("{a() {}}", 2, "Methods in object literals are not supported")]
    [InlineData("a?.()", 1, "Optional calls '?.()' are not supported (only methods and library functions can be called)")]
    [InlineData("a`x`", 1, "Tagged template literals are not supported")]
    [InlineData("1_000", 0, "Invalid number '1_'")]
    [InlineData("0x", 0, "Invalid number '0x'")]
    [InlineData("", 0, "The expression is empty")]
    [InlineData("   ", 0, "The expression is empty")]
    [InlineData("Math.random()", 5, "Unknown function Math.random")]
    [InlineData("Math.foo", 5, "Unknown library member Math.foo")]
    [InlineData("Math", 0, "'Math' is the library's: use its members, e.g. Math.max(a, b)")]
    [InlineData("parseInt", 0, "'parseInt' is a function: call it, e.g. parseInt(x)")]
    [InlineData("'a'.toUppercase()", 4, "Unknown method 'toUppercase' (did you mean toUpperCase?)")]
    [InlineData("input.name.includes(x => x)", 20, "includes does not take a function as argument 1")]
    [InlineData("foo(1)", 0, "'foo' is not a function")]
    [InlineData("input.tags.length()", 11, "'length' is a property, not a method: write x.length")]
    [InlineData("[1].map(x => x(1))", 13, "'x' is a parameter, not a function")]
    [InlineData("(a || b)(1)", 8, "Only methods (x.trim()) and library functions (Math.max(a, b)) can be called")]
    [InlineData("[...]", 4, "Expected an expression but found ']'")]
    [InlineData("...a", 0, "'...' (spread) is only allowed in array literals, object literals and arguments")]
    public void Compile_InvalidExpression_ThrowsSyntaxErrorWithPosition(string expression, int position, string description)
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile(expression));

        error.Message.ShouldBe($"{description} at {position}");
        error.Position.ShouldBe(position);
        error.Expression.ShouldBe(expression);
    }

    [Fact]
    public void Compile_DeeplyNestedTemplateLiterals_IsRefusedWithoutOverflowingTheStack()
    {
        var nested = "`" + string.Concat(Enumerable.Repeat("${`", 1000)) + "x" + string.Concat(Enumerable.Repeat("`}", 1000)) + "`";

        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile(nested)).Message.ShouldStartWith("Template literals are nested too deeply");
    }

    [Fact]
    public void Compile_AllowedJavaScriptShapes_Compile()
    {
        string[] valid =
        [
            "a?.b?.[0]?.c", "x.map(({ a, b: c }) => a + c)", "x.map(([a, , b]) => a)", "x.map(() => 1)",
            "{ 'quoted': 1, [k]: 2, ...o, short }", "a ? b : c ? d : e", "(a ?? b) || c", "a?.5:1", "`${`${1}`}`",
            "x.sort((a, b) => a.n - b.n).slice(0, 3)", "[,]", "{ if: 1 }.if",
        ];

        foreach (var expression in valid) Should.NotThrow(() => ExpressionEngine.Default.Compile(expression), expression);
    }
}
