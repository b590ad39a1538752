using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class LimitTests
{
    /// <summary>Runs a runaway expression: it must fail with a limit error within a second, without allocating more than 100 MB.</summary>
    private static ExpressionLimitException StopsPromptly(string text, ExpressionEngine? engine = null, bool template = false)
    {
        engine ??= ExpressionEngine.Default;
        Func<object?> evaluate = template
            ? () => engine.CompileTemplate(text).Evaluate(Scope())
            : () => engine.Compile(text).Evaluate(Scope());
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        var error = Should.Throw<ExpressionLimitException>(() => evaluate());

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore).ShouldBeLessThan(100_000_000);
        return error;
    }

    [Fact]
    public void Repeat_HugeCount_StopsBeforeAllocating()
    {
        var error = StopsPromptly("'x'.repeat(1e9)");

        error.Message.ShouldBe("The expression would build a string of 1000000000 characters, more than the limit of 1000000 (MaxStringLength) at 4");
        error.Position.ShouldBe(4);
    }

    [Theory]
    [InlineData("'abc'.padStart(2e9)")]
    [InlineData("'x'.repeat(600000) + 'y'.repeat(600000)")]
    [InlineData("`${'x'.repeat(600000)}${'y'.repeat(600000)}`")]
    [InlineData("['x'.repeat(600000), 'y'.repeat(600000)].join('')")]
    [InlineData("'x'.repeat(600000).concat('y'.repeat(600000))")]
    [InlineData("'ab'.repeat(400000).replaceAll('a', 'xyz')")]
    [InlineData("JSON.stringify(['x'.repeat(600000), 'y'.repeat(600000)])")]
    public void StringBuilding_PastMaxStringLength_Throws(string expression) =>
        StopsPromptly(expression).Message.ShouldContain("(MaxStringLength)");

    [Theory]
    [InlineData("'x'.repeat(200000).split('')")]
    [InlineData("'x'.repeat(100000).split('').concat('y'.repeat(100).split(''))")]
    [InlineData("'x'.repeat(20).split('').reduce((a, c) => a.concat(a), [1])")]
    [InlineData("[...'x'.repeat(60000), ...'y'.repeat(60000)]")]
    [InlineData("JSON.parse('[' + '1,'.repeat(150000) + '1]')")]
    public void CollectionBuilding_PastMaxCollectionLength_Throws(string expression) =>
        StopsPromptly(expression).Message.ShouldContain("(MaxCollectionLength)");

    [Theory]
    [InlineData("'x'.repeat(1000).split('').map(a => 'y'.repeat(1000).split('').map(b => [a, b]))")]
    [InlineData("'x'.repeat(100000).split('').reduce((s, c) => s + 'abcdefghij', '')")]
    [InlineData("'x'.repeat(100000).split('').map(a => 'x'.repeat(100000).split('').includes(a))")]
    public void RunawayWork_PastMaxSteps_Throws(string expression) =>
        StopsPromptly(expression).Message.ShouldContain("(MaxSteps)");

    [Fact]
    public void SharedSubObjects_ConvertedToJson_StopAtTheStepLimit() =>
        StopsPromptly("{{ 'x'.repeat(40).split('').reduce((o, c, i) => ({ a: o, b: o }), {}) }}", template: true)
            .Message.ShouldContain("(MaxSteps)");

    [Fact]
    public void ScopeData_CopiedOnceIntoResult_IsCheap_ButRepeatedCopiesAreChargedBySize()
    {
        var engine = new ExpressionEngine(new ExpressionLimits { MaxSteps = 100 });
        var scope = new DictionaryScope().Set("big", new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode?)i)]));

        engine.CompileTemplate("{{ big }}").Evaluate(scope)!.AsArray().Count.ShouldBe(500);
        Should.Throw<ExpressionLimitException>(() => engine.CompileTemplate("{{ [big, big] }}").Evaluate(scope)).Message.ShouldContain("(MaxSteps)");
    }

    [Fact]
    public void DeeplyNestedResult_PastMaxDepth_Throws() =>
        StopsPromptly("'x'.repeat(1000).split('').reduce((a, c) => [a], [])").Message.ShouldContain("(MaxDepth)");

    [Theory]
    [InlineData("String('x'.repeat(1000).split('').reduce((a, c) => [a], []))")]
    [InlineData("'x'.repeat(1000).split('').reduce((a, c) => [a], []).flat(Infinity)")]
    [InlineData("JSON.stringify('x'.repeat(1000).split('').reduce((a, c) => ({ a }), {}))")]
    public void DeeplyNestedValue_WalkedByLibrary_Throws(string expression) =>
        StopsPromptly(expression).Message.ShouldContain("(MaxDepth)");

    [Fact]
    public void CustomLimits_SmallCollectionLimit_IsEnforcedExactly()
    {
        var engine = new ExpressionEngine(new ExpressionLimits { MaxCollectionLength = 10 });

        engine.Compile("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]").Evaluate(Scope())!.AsArray().Count.ShouldBe(10);
        StopsPromptly("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", engine).Message.ShouldContain("more than the limit of 10");
    }

    [Fact]
    public void CustomLimits_SmallStepBudget_IsEnforced()
    {
        var engine = new ExpressionEngine(new ExpressionLimits { MaxSteps = 100 });

        engine.Compile("[1, 2, 3].map(x => x * 2)").Evaluate(Scope()).ShouldNotBeNull();
        StopsPromptly("'x'.repeat(200).split('').map(x => x)", engine).Message.ShouldContain("more than 100 steps");
    }

    [Fact]
    public void MaxExpressionLength_TooLongExpression_IsSyntaxError()
    {
        var expression = "1+" + new string(' ', 9_997) + "2";
        var tooLong = "1+" + new string(' ', 9_997) + "23";

        expression.Length.ShouldBe(10_000);
        Should.NotThrow(() => ExpressionEngine.Default.Compile(expression));
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile(tooLong))
            .Message.ShouldContain("(MaxExpressionLength)");
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.CompileTemplate("text {{ " + tooLong + " }}"))
            .Position.ShouldBe(8);
    }

    [Fact]
    public void MaxDepth_DeepNesting_IsSyntaxError()
    {
        static string Parens(int depth) => new string('(', depth) + "1" + new string(')', depth);

        ExpressionEngine.Default.Compile(Parens(40)).Evaluate(Scope())!.GetValue<int>().ShouldBe(1);
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile(Parens(70))).Message.ShouldContain("(MaxDepth)");
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile(new string('[', 70) + new string(']', 70)))
            .Message.ShouldContain("(MaxDepth)");
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile("a" + string.Concat(Enumerable.Repeat(".b", 70))))
            .Message.ShouldContain("(MaxDepth)");
        Should.Throw<ExpressionSyntaxException>(() => ExpressionEngine.Default.Compile(new string('!', 70) + "a"))
            .Message.ShouldContain("(MaxDepth)");
    }

    [Fact]
    public void ExpressionLimits_Defaults_AreDocumentedValues()
    {
        var limits = ExpressionLimits.Default;

        (limits.MaxStringLength, limits.MaxCollectionLength, limits.MaxSteps, limits.MaxDepth, limits.MaxExpressionLength)
            .ShouldBe((1_000_000, 100_000, 1_000_000, 64, 10_000));
        ExpressionEngine.Default.Limits.ShouldBe(limits);
    }
}
