using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.ExpressionTestData;

namespace Weft.Engine.Tests.Expressions;

public class ExpressionEngineTests
{
    [Fact]
    public void Compile_SameText_ReturnsCachedInstance()
    {
        var engine = new ExpressionEngine();

        engine.Compile("vars.n + 1").ShouldBeSameAs(engine.Compile("vars.n + 1"));
        engine.CompileTemplate("a {{ vars.n }}").ShouldBeSameAs(engine.CompileTemplate("a {{ vars.n }}"));
        engine.Compile("vars.n + 1").ShouldNotBeSameAs(engine.Compile("vars.n + 2"));
    }

    [Fact]
    public void Compile_ConcurrentFirstUse_AllGetOneInstance()
    {
        var engine = new ExpressionEngine();

        var compiled = Enumerable.Range(0, 64).AsParallel().Select(_ => engine.Compile("input.items.map(i => i.id)")).Distinct().ToList();

        compiled.Count.ShouldBe(1);
    }

    [Fact]
    public void BoundedCache_PastCapacity_ForgetsOldEntries()
    {
        var cache = new BoundedCache<object>(capacity: 3);
        var first = cache.GetOrAdd("a", _ => new object());
        cache.GetOrAdd("b", _ => new object());
        cache.GetOrAdd("c", _ => new object());

        cache.GetOrAdd("a", _ => new object()).ShouldBeSameAs(first);
        cache.GetOrAdd("d", _ => new object());

        cache.GetOrAdd("a", _ => new object()).ShouldNotBeSameAs(first);
    }

    [Fact]
    public void Evaluate_ScopeNode_ReturnsParentlessCopyThatCanBeAttached()
    {
        var scope = Scope();
        var original = ((JsonNode)scope["input"]!)["address"]!;

        var result = ExpressionEngine.Default.Compile("input.address").Evaluate(scope)!;
        var target = new JsonObject { ["copy"] = result };

        result.Parent.ShouldBeSameAs(target);
        result.ShouldNotBeSameAs(original);
        original.Parent.ShouldNotBeNull();
        Text(target).ShouldBe("""{"copy":{"city":"London"}}""");
    }

    [Fact]
    public void Evaluate_SameScopeNodeTwiceInResult_BothCopiesAttach()
    {
        var result = ExpressionEngine.Default.CompileTemplate("{{ [input.address, input.address, {a: input.tags}] }}").Evaluate(Scope())!;

        new JsonObject { ["x"] = result }.ToJsonString().ShouldBe("""{"x":[{"city":"London"},{"city":"London"},{"a":["a","b"]}]}""");
        result.AsArray().All(n => n!.Parent == result).ShouldBeTrue();
    }

    [Fact]
    public void EvaluateRaw_ScopeNode_IsReadInPlace()
    {
        var scope = Scope();

        var raw = ExpressionEngine.Default.Compile("input.address").EvaluateRaw(scope);

        raw.ShouldBeSameAs(((JsonNode)scope["input"]!)["address"]);
        ExpressionValues.ToJson(raw)!.Parent.ShouldBeNull();
    }

    [Fact]
    public void ExpressionValues_ToJson_ConvertsEveryKindOfValue()
    {
        var nested = JsonNode.Parse("""{"a": [1]}""")!;

        Text(ExpressionValues.ToJson(7)).ShouldBe("7");
        Text(ExpressionValues.ToJson("s")).ShouldBe("\"s\"");
        Text(ExpressionValues.ToJson(true)).ShouldBe("true");
        ExpressionValues.ToJson(nested["a"])!.Parent.ShouldBeNull();
        Text(ExpressionValues.ToJson(nested["a"])).ShouldBe("[1]");
        Text(ExpressionValues.ToJson(double.NaN)).ShouldBe("null");
        Text(ExpressionValues.ToJson(ExpressionEngine.Default.Compile("[1, {b: 'c'}]").EvaluateRaw(Scope()))).ShouldBe("""[1,{"b":"c"}]""");
        ExpressionValues.ToJson(null).ShouldBeNull();
    }

    [Theory]
    [InlineData("vars.n > 3 && input.name != null", true)]
    [InlineData("input.tags.length - 2", false)]
    [InlineData("input.missing?.x", false)]
    [InlineData("input.items.filter(i => i.price > 100)", true)]
    [InlineData("vars.empty || vars.zero", false)]
    public void EvaluateBoolean_Result_UsesTruthiness(string expression, bool expected) =>
        ExpressionEngine.Default.Compile(expression).EvaluateBoolean(Scope()).ShouldBe(expected);

    [Fact]
    public void Evaluate_FromManyThreads_EachGetsItsOwnScopeResult()
    {
        var expression = ExpressionEngine.Default.Compile("vars.list.map((x, i) => x * vars.n + i).filter(x => x % 2 == 0).reduce((a, b) => a + b, 0)");
        var template = ExpressionEngine.Default.CompileTemplate("{{ vars.n }}:{{ vars.list.map(x => x + vars.n).join(',') }}");

        var failures = Enumerable.Range(0, 2000).AsParallel().WithDegreeOfParallelism(8).Where(i =>
        {
            var n = i % 17;
            var scope = new DictionaryScope().Set("vars", new JsonObject { ["n"] = n, ["list"] = new JsonArray(1, 2, 3, 4) });
            var expected = new[] { 1, 2, 3, 4 }.Select((x, index) => (x * n) + index).Where(x => x % 2 == 0).Sum();
            var expectedText = $"{n}:{string.Join(',', new[] { 1, 2, 3, 4 }.Select(x => x + n))}";
            return expression.Evaluate(scope)!.GetValue<int>() != expected || template.Evaluate(scope)!.GetValue<string>() != expectedText;
        }).Count();

        failures.ShouldBe(0);
    }

    [Fact]
    public void Evaluate_ScopeThatEvaluatesWhileBeingRead_KeepsEvaluationsApart()
    {
        var inner = ExpressionEngine.Default.Compile("[10, 20].map(y => y + 1)");
        var scope = new DictionaryScope().Set("lazy", new EvaluatingObject(inner));

        Eval("[1, 2].map(x => [x, lazy.value[0]])", scope).ShouldBe("[[1,11],[2,11]]");
    }

    [Fact]
    public void DictionaryScope_LiveView_SeesLaterChanges()
    {
        var roots = new Dictionary<string, object?> { ["a"] = 1 };
        var scope = new DictionaryScope(roots);
        var compiled = ExpressionEngine.Default.Compile("a * 2");

        compiled.Evaluate(scope)!.GetValue<int>().ShouldBe(2);
        roots["a"] = 21;
        compiled.Evaluate(scope)!.GetValue<int>().ShouldBe(42);
    }

    private sealed class EvaluatingObject(CompiledExpression expression) : IExpressionObject
    {
        public bool TryGetMember(string name, out object? value)
        {
            value = expression.Evaluate(new DictionaryScope());
            return name == "value";
        }

        public IEnumerable<string> MemberNames => ["value"];
    }
}
