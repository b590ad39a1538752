using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine.Model;
using Weft.WorkflowServer.Triggers;

namespace Weft.WorkflowServer.Tests.Triggers;

public sealed class TriggerRouteSetTests
{
    private static readonly TriggerRouteCompiler Compiler = new(
        new ServiceCollection().AddRouting().BuildServiceProvider().GetRequiredService<IInlineConstraintResolver>());

    private static readonly DateTimeOffset Noon = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static WorkflowDefinition Definition(string id, string inputs, string extraNodes = "", string edges = "") => WeftJson.ParseDefinition($$"""
        { "id": "{{id}}", "version": 1,
          "nodes": [{ "id": "trigger", "type": "http.trigger", "inputs": {{inputs}} }{{extraNodes}}],
          "edges": [{{edges}}] }
        """);

    private static List<TriggerRoute> Compile(WorkflowDefinition definition, List<string>? problems = null) =>
        [.. Compiler.Compile(definition, problems ?? [])];

    [Fact]
    public void Build_SameMethodAndShape_NewestPublishedWinsAndConflictIsReported()
    {
        var older = Compile(Definition("a-older", """{ "route": "orders/{id}" }"""))[0] with { PublishedAt = Noon };
        var newer = Compile(Definition("b-newer", """{ "route": "/Orders/{orderId}/" }"""))[0] with { PublishedAt = Noon.AddSeconds(1) };

        var set = TriggerRouteSet.Build([older, newer]);

        set.Routes.ShouldHaveSingleItem().DefinitionId.ShouldBe("b-newer");
        set.Conflicts.ShouldHaveSingleItem().ShouldContain("'b-newer' v1 node 'trigger' (published most recently) answers, not 'a-older' v1");
    }

    [Fact]
    public void Build_SameRouteDifferentMethods_BothKept()
    {
        var post = Compile(Definition("create", """{ "route": "orders" }"""))[0];
        var get = Compile(Definition("list", """{ "route": "orders", "method": "GET" }"""))[0];

        var set = TriggerRouteSet.Build([post, get]);

        set.Routes.Count.ShouldBe(2);
        set.Conflicts.ShouldBeEmpty();
        set.Match("DELETE", "/orders", new DefaultHttpContext()).AllowedMethods.ShouldBe(["GET", "POST"]);
    }

    [Fact]
    public void Match_OptionalParameterAndDefaults_FillsRouteValues()
    {
        var set = TriggerRouteSet.Build(Compile(Definition("report", """{ "route": "reports/{year:int}/{format=json}", "method": "get" }""")));

        var match = set.Match("GET", "/reports/2030", new DefaultHttpContext());

        match.Route.ShouldNotBeNull();
        match.Values!["year"].ShouldBe("2030");
        match.Values["format"].ShouldBe("json");
    }

    [Fact]
    public void Compile_OnlyTopLevelStartTriggersWithLiteralInputs()
    {
        var problems = new List<string>();
        var definition = Definition("mixed", """{ "route": "{{ input.where }}" }""",
            extraNodes: """, { "id": "second", "type": "http.trigger", "inputs": { "route": "fine", "mode": "async", "timeout": 5 } }, { "id": "inner", "type": "http.trigger", "inputs": { "route": "inner" } }""",
            edges: """{ "id": "e1", "source": "second", "target": "inner" }""");

        var routes = Compile(definition, problems);

        var route = routes.ShouldHaveSingleItem();
        route.NodeId.ShouldBe("second");
        route.IsAsync.ShouldBeTrue();
        route.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        problems.ShouldHaveSingleItem().ShouldContain("must be a literal");
    }

    [Theory]
    [InlineData("""{ "route": "orders/{id" }""", "not a valid route template")]
    [InlineData("""{ "route": "orders/{id:nosuch}" }""", "unknown constraint 'nosuch'")]
    [InlineData("""{ "route": "orders", "method": "TRACE" }""", "input 'method' is 'TRACE'")]
    [InlineData("""{ "route": "orders", "mode": "later" }""", "input 'mode' is 'later'")]
    [InlineData("""{ "route": "orders", "timeout": "soon" }""", "input 'timeout'")]
    [InlineData("""{ "method": "GET" }""", "input 'route' is missing")]
    public void Compile_BadTrigger_ReportsAndSkipsIt(string inputs, string expected)
    {
        var problems = new List<string>();

        Compile(Definition("bad", inputs), problems).ShouldBeEmpty();

        problems.ShouldHaveSingleItem().ShouldContain(expected);
    }
}
