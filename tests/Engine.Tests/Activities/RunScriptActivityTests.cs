using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class RunScriptActivityTests
{
    private readonly ActivityTestHost _host = new();
    private readonly RunScriptActivity _activity = new();

    private async Task<JsonNode?> Run(string script, JsonObject? arguments = null, JsonObject? limits = null, CancellationToken cancellationToken = default)
    {
        var inputs = new JsonObject { ["script"] = script };
        if (arguments is not null) inputs["arguments"] = arguments;
        foreach (var (name, value) in limits ?? []) inputs[name] = value?.DeepClone();
        var result = await _activity.ExecuteAsync(_host.Context("script.js", inputs, cancellationToken: cancellationToken));
        result.Port.ShouldBe("done");
        return result.Output;
    }

    private async Task<ActivityException> Fails(string script, JsonObject? limits = null)
    {
        var ex = await Should.ThrowAsync<ActivityException>(() => Run(script, limits: limits));
        ex.Retryable.ShouldBeFalse();
        return ex;
    }

    [Fact]
    public async Task ExecuteAsync_ReturnsValue_OutputIsTheValueAsJson()
    {
        var output = await Run(
            "var total = 0;\nfor (var i = 0; i < args.items.length; i++) total += args.items[i].price;\nreturn { total: total, names: args.items.map(function (x) { return x.name; }) };",
            new JsonObject { ["items"] = new JsonArray(new JsonObject { ["name"] = "a", ["price"] = 2 }, new JsonObject { ["name"] = "b", ["price"] = 3.5 }) });

        output!.ToJsonString().ShouldBe("{\"total\":5.5,\"names\":[\"a\",\"b\"]}");
    }

    [Theory]
    [InlineData("return 'text';", "\"text\"")]
    [InlineData("return 42;", "42")]
    [InlineData("return [1, null, true];", "[1,null,true]")]
    [InlineData("return new Date(0);", "\"1970-01-01T00:00:00.000Z\"")]
    public async Task ExecuteAsync_ReturnsPrimitiveOrArray_OutputIsItDirectly(string script, string json)
    {
        (await Run(script))!.ToJsonString().ShouldBe(json);
    }

    [Theory]
    [InlineData("var x = 1;")]
    [InlineData("return undefined;")]
    [InlineData("return function () {};")]
    public async Task ExecuteAsync_NothingReturned_OutputIsNull(string script)
    {
        (await Run(script)).ShouldBeNull();
    }

    [Fact]
    public async Task ExecuteAsync_NoArguments_ArgsIsEmptyObject()
    {
        (await Run("return Object.keys(args).length;"))!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task ExecuteAsync_Log_WritesToTheContextLogger()
    {
        await Run("log('count', 3, { a: 1 }); console.warn('careful'); return null;");

        _host.Log.Entries.ShouldBe([
            (LogLevel.Information, "Script: count 3 {\"a\":1}"),
            (LogLevel.Warning, "Script: careful"),
        ]);
    }

    [Fact]
    public async Task ExecuteAsync_NoClrAccess()
    {
        (await Run("return typeof System + ',' + typeof importNamespace + ',' + typeof require;"))!
            .GetValue<string>().ShouldBe("undefined,undefined,undefined");
    }

    [Fact]
    public async Task ExecuteAsync_InfiniteLoop_StoppedByTimeoutWithClearMessage()
    {
        var watch = Stopwatch.StartNew();

        var ex = await Fails("var i = 0;\nwhile (true) { i++; }", new JsonObject { ["timeout"] = "00:00:00.5", ["maxStatements"] = int.MaxValue });

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldBe("The script timed out after 500ms (timeout).");
    }

    [Fact]
    public async Task ExecuteAsync_InfiniteLoopWithDefaults_StoppedWithinTheDefaultTimeout()
    {
        var watch = Stopwatch.StartNew();

        var ex = await Fails("for (;;) {}");

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6));
        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldBeOneOf(
            "The script timed out after 5s (timeout).",
            "The script exceeded 10,000,000 statements (maxStatements); is there an endless loop?");
    }

    [Fact]
    public async Task ExecuteAsync_StatementLimit_StopsWithClearMessage()
    {
        var ex = await Fails("var n = 0; while (true) { n++; }", new JsonObject { ["maxStatements"] = 1000 });

        ex.Message.ShouldBe("The script exceeded 1,000 statements (maxStatements); is there an endless loop?");
    }

    [Fact]
    public async Task ExecuteAsync_RunawayRecursion_StoppedWithClearMessage()
    {
        var ex = await Fails("function down(n) { return down(n + 1) + 1; }\nreturn down(0);");

        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldBe("The script exceeded the recursion depth of 256 (maxRecursion) in 'down'; is there an endless recursion?");
    }

    [Fact]
    public async Task ExecuteAsync_RecursionWithinLimit_Runs()
    {
        var output = await Run("function sum(n) { return n === 0 ? 0 : n + sum(n - 1); }\nreturn sum(900);", limits: new JsonObject { ["maxRecursion"] = 1000 });

        output!.GetValue<int>().ShouldBe(900 * 901 / 2);
    }

    [Fact]
    public async Task ExecuteAsync_SyntaxError_ReportsLineColumnAndSource()
    {
        var ex = await Fails("var a = 1;\nvar b = ;\nreturn a;");

        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldBe("Syntax error at line 2, column 9: Unexpected token ; — var b = ;");
        ex.Details!["line"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_SyntaxErrorOnFirstLine_ColumnIsTheScripts()
    {
        var ex = await Fails("return {;");

        ex.Message.ShouldBe("Syntax error at line 1, column 9: Unexpected token ; — return {;");
    }

    [Fact]
    public async Task ExecuteAsync_ThrownError_ReportsMessageAndLine()
    {
        var ex = await Fails("var x = 1;\n\nthrow new Error('price missing for ' + args.sku);", new JsonObject());

        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldStartWith("Uncaught at line 3, column 1: Error: price missing for undefined");
    }

    [Fact]
    public async Task ExecuteAsync_RuntimeTypeError_ReportsTypeAndSourceLine()
    {
        var ex = await Fails("var order = null;\nreturn order.total;");

        ex.Message.ShouldStartWith("Uncaught at line 2");
        ex.Message.ShouldContain("TypeError");
        ex.Message.ShouldEndWith("return order.total;");
    }

    [Fact]
    public async Task ExecuteAsync_ThrownPlainObject_ReportedAsNotAnError()
    {
        var ex = await Fails("throw { code: 7 };");

        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldContain("not an Error");
    }

    [Fact]
    public async Task ExecuteAsync_ThrownPrimitive_ReportedAsItsValue()
    {
        var ex = await Fails("\nthrow 'quota exhausted';");

        ex.Message.ShouldBe("Uncaught at line 2, column 1: quota exhausted — throw 'quota exhausted';");
    }

    [Fact]
    public async Task ExecuteAsync_CyclicResult_FailsAsScriptError()
    {
        var ex = await Fails("var a = {}; a.self = a; return a;");

        ex.ErrorType.ShouldBe(ErrorTypes.Script);
        ex.Message.ShouldContain("Cyclic");
    }

    [Fact]
    public async Task ExecuteAsync_SameScriptTwice_ParsedOnce()
    {
        await Run("return args.n * 2;", new JsonObject { ["n"] = 1 });
        var second = await Run("return args.n * 2;", new JsonObject { ["n"] = 5 });
        await Run("return args.n * 3;", new JsonObject { ["n"] = 5 });

        second!.GetValue<int>().ShouldBe(10);
        _activity.Cache.Parses.ShouldBe(2);
        _activity.Cache.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteAsync_FreshEnginePerRun_NoStateLeaks()
    {
        await Run("counter = 41; return null;");

        (await Run("return typeof counter;"))!.GetValue<string>().ShouldBe("undefined");
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentRunsOfOneScript_EachGetsItsOwnResult()
    {
        const string script = "var out = []; for (var i = 0; i < 100; i++) out.push(i * args.k); return out.reduce(function (a, b) { return a + b; }, 0);";

        var results = await Task.WhenAll(Enumerable.Range(1, 16).Select(k => Run(script, new JsonObject { ["k"] = k })));

        results.Select(r => r!.GetValue<int>()).ShouldBe(Enumerable.Range(1, 16).Select(k => 4950 * k));
        _activity.Cache.Parses.ShouldBeLessThanOrEqualTo(16);
        _activity.Cache.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_ReturnsPromptly()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            Run("while (true) {}", limits: new JsonObject { ["timeout"] = 3, ["maxStatements"] = int.MaxValue }, cancellationToken: cancellation.Token));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ExecuteAsync_DeeplyNestedExpression_ParsesWithoutCrashing()
    {
        // ~10,000 nested brackets overflow a thread-pool stack inside Jint's parser; the script thread's stack holds them.
        var nested = new string('[', 10_000) + "1" + new string(']', 10_000);

        var output = await Run("var x = " + nested + "; return 'ok';");

        output!.GetValue<string>().ShouldBe("ok");
    }

    [Theory]
    [InlineData("{\"timeout\": 0}")]
    [InlineData("{\"maxStatements\": 0}")]
    [InlineData("{\"maxRecursion\": 0}")]
    [InlineData("{\"maxRecursion\": 5000}")]
    [InlineData("{\"timeout\": \"whenever\"}")]
    public async Task ExecuteAsync_BadLimits_FailAsValidation(string limits)
    {
        var ex = await Should.ThrowAsync<ActivityException>(() => Run("return 1;", limits: JsonNode.Parse(limits)!.AsObject()));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
    }

    [Fact]
    public async Task ExecuteAsync_ScriptTooLong_FailsAsValidation()
    {
        var ex = await Should.ThrowAsync<ActivityException>(() => Run("return 1;" + new string(' ', 70_000)));

        ex.ErrorType.ShouldBe(ErrorTypes.Validation);
    }
}
