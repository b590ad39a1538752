using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class OperatorTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("100 / 10 / 5", "2")]
    [InlineData("2 ** 3 ** 2", "512")]
    [InlineData("(-2) ** 2", "4")]
    [InlineData("2 ** -1", "0.5")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("7 % 3", "1")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("5.5 % 2", "1.5")]
    [InlineData("-vars.n", "-5")]
    [InlineData("- -3", "3")]
    [InlineData("+'  7 '", "7")]
    [InlineData("'3' * '4'", "12")]
    [InlineData("true + 1", "2")]
    [InlineData("null + 1", "1")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("input.age - vars.n * 2", "26")]
    public void Evaluate_Arithmetic_FollowsJavaScriptPrecedenceAndConversions(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("'a' + 1 + 2", "a12")]
    [InlineData("1 + 2 + 'a'", "3a")]
    [InlineData("'x' + null", "xnull")]
    [InlineData("'n: ' + [1, 2]", "n: 1,2")]
    [InlineData("'o: ' + {a: 1}", "o: {\"a\":1}")]
    [InlineData("input.name + ' ' + input.age", "Ada 36")]
    [InlineData("'' + 1e21", "1e+21")]
    public void Evaluate_PlusWithString_Concatenates(string expression, string expected) =>
        Raw(expression).ShouldBe(expected);

    [Theory]
    [InlineData("'a' * 2")]
    [InlineData("{} - 1")]
    [InlineData("[1, 2] * 1")]
    public void Evaluate_ArithmeticOnNonNumbers_IsNaN(string expression) =>
        Raw(expression).ShouldBe(double.NaN);

    [Theory]
    [InlineData("2 < 10", true)]
    [InlineData("'2' < '10'", false)]
    [InlineData("'b' > 'a'", true)]
    [InlineData("'B' < 'a'", true)]
    [InlineData("'5' > 3", true)]
    [InlineData("null < 1", true)]
    [InlineData("3 <= 3", true)]
    [InlineData("3 >= 4", false)]
    [InlineData("NaN < 1", false)]
    [InlineData("NaN >= NaN", false)]
    [InlineData("'abc' < 1", false)]
    [InlineData("vars.n > 3", true)]
    [InlineData("3 < vars.n", true)]
    public void Evaluate_Relational_ComparesLikeJavaScript(string expression, bool expected) =>
        Raw(expression).ShouldBe(expected);

    [Theory]
    [InlineData("1 === 1", true)]
    [InlineData("1 == '1'", false)]
    [InlineData("0 == false", false)]
    [InlineData("0 != false", true)]
    [InlineData("null == undefined", true)]
    [InlineData("null === undefined", true)]
    [InlineData("input.missing == null", true)]
    [InlineData("input.nothing === null", true)]
    [InlineData("null == input.name", false)]
    [InlineData("NaN === NaN", false)]
    [InlineData("'a' !== 'b'", true)]
    [InlineData("'a' == 'a'", true)]
    [InlineData("[1] == [1]", false)]
    [InlineData("input.address == input.address", true)]
    [InlineData("input.age === 36", true)]
    [InlineData("vars.flag === true", true)]
    public void Evaluate_Equality_IsStrict(string expression, bool expected) =>
        Raw(expression).ShouldBe(expected);

    [Theory]
    [InlineData("0 || 'x'", "\"x\"")]
    [InlineData("'a' || boom", "\"a\"")]
    [InlineData("'a' && 'b'", "\"b\"")]
    [InlineData("'' && boom", "\"\"")]
    [InlineData("vars.zero && boom.x", "0")]
    [InlineData("null ?? 0", "0")]
    [InlineData("0 ?? boom", "0")]
    [InlineData("false ?? true", "false")]
    [InlineData("input.missing ?? input.nothing ?? 'last'", "\"last\"")]
    [InlineData("null || null || 3", "3")]
    [InlineData("1 && 2 && 3", "3")]
    [InlineData("1 && 0 && boom", "0")]
    [InlineData("(null || 0) ?? 5", "0")]
    [InlineData("!0", "true")]
    [InlineData("!!'x'", "true")]
    [InlineData("!''", "true")]
    [InlineData("![]", "false")]
    [InlineData("!{}", "false")]
    public void Evaluate_Logical_ShortCircuitsAndReturnsOperandValues(string expression, string expected) =>
        Eval(expression).ShouldBe(expected); // "boom" is not defined: evaluating it would throw

    [Fact]
    public void Evaluate_LogicalRightSide_IsEvaluatedWhenNeeded() =>
        Fails<ExpressionRuntimeException>("1 && boom").Message.ShouldContain("'boom' is not defined");

    [Theory]
    [InlineData("vars.n > 3 ? 'big' : 'small'", "\"big\"")]
    [InlineData("vars.zero ? boom : 'no'", "\"no\"")]
    [InlineData("1 ? 2 ? 'a' : 'b' : 'c'", "\"a\"")]
    [InlineData("0 ? 1 : 0 ? 2 : 3", "3")]
    [InlineData("input.missing?.x ? 1 : 2", "2")]
    public void Evaluate_Conditional_PicksBranchByTruthiness(string expression, string expected) =>
        Eval(expression).ShouldBe(expected);

    [Theory]
    [InlineData("1 + 2 > 2 && 3 * 2 == 6", true)]
    [InlineData("!vars.flag || true", true)]
    [InlineData("1 < 2 == true", true)]
    [InlineData("false && false || true", true)]
    [InlineData("true || false && false", true)]
    [InlineData("vars.n > 3 && input.name != null", true)]
    public void Evaluate_MixedOperators_UseJavaScriptPrecedence(string expression, bool expected) =>
        Raw(expression).ShouldBe(expected);

    [Fact]
    public void Evaluate_LongOperatorChain_DoesNotOverflowASmallStack()
    {
        var sum = string.Join("+", Enumerable.Repeat("1", 4999));
        var conditions = string.Join("&&", Enumerable.Repeat("t", 3300));
        var scope = new DictionaryScope().Set("t", true);
        object? sumResult = null, conditionResult = null;

        // 256 KB of stack: far less than any thread the runtime gives an evaluation.
        var thread = new Thread(() =>
        {
            sumResult = ExpressionEngine.Default.Compile(sum).EvaluateRaw(scope);
            conditionResult = ExpressionEngine.Default.Compile(conditions).EvaluateRaw(scope);
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        sumResult.ShouldBe(4999d);
        conditionResult.ShouldBe(true);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(false, false)]
    [InlineData(0d, false)]
    [InlineData(double.NaN, false)]
    [InlineData("", false)]
    [InlineData(true, true)]
    [InlineData(-1d, true)]
    [InlineData("0", true)]
    [InlineData("false", true)]
    public void IsTruthy_Primitives_FollowJavaScript(object? value, bool expected) =>
        ExpressionValues.IsTruthy(value).ShouldBe(expected);

    [Fact]
    public void IsTruthy_EmptyArrayAndObject_AreTrue()
    {
        ExpressionEngine.Default.Compile("[]").EvaluateBoolean(Scope()).ShouldBeTrue();
        ExpressionEngine.Default.Compile("{}").EvaluateBoolean(Scope()).ShouldBeTrue();
        ExpressionEngine.Default.Compile("vars.empty").EvaluateBoolean(Scope()).ShouldBeFalse();
    }
}
