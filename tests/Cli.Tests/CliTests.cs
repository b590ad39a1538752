using System.Text.Json.Nodes;

namespace Weft.Cli.Tests;

public sealed class CliTests
{
    private const string Hello = """
        { "id": "hello", "inputs": [{ "name": "name", "type": "string", "required": true }],
          "nodes": [
            { "id": "greet", "type": "vars.set", "inputs": { "name": "greeting", "value": "{{ 'Hello, ' + input.name }}" } },
            { "id": "finish", "type": "flow.finish", "inputs": { "output": { "message": "{{ vars.greeting }}" } } } ],
          "edges": [{ "id": "e1", "source": "greet", "target": "finish" }] }
        """;

    [Fact]
    public async Task Run_WithInlineInput_PrintsEachNodesEventsAndTheOutput()
    {
        using var files = new TempFiles();
        var (code, stdout, stderr) = await WeftProcess.RunAsync(null, "run", files.Write("hello.json", Hello), "--input", """{"name":"Ada"}""");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("node.completed       greet");
        stdout.ShouldContain("node.completed       finish");
        stdout.ShouldContain("Completed");
        stdout.ShouldContain("Hello, Ada");
    }

    [Fact]
    public async Task Run_WithInputFileOrStdin_ReadsTheInput()
    {
        using var files = new TempFiles();
        var definition = files.Write("hello.json", Hello);
        var fromFile = await WeftProcess.RunAsync(null, "run", definition, "-f", files.Write("in.json", """{"name":"File"}"""), "--json");
        var fromStdin = await WeftProcess.RunAsync("""{"name":"Pipe"}""", "run", definition, "--json");

        Result(fromFile.Stdout)["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, File");
        Result(fromStdin.Stdout)["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, Pipe");
    }

    [Fact]
    public async Task Run_Json_WritesOneJsonObjectPerEventAndAResult()
    {
        using var files = new TempFiles();
        var (code, stdout, _) = await WeftProcess.RunAsync(null, "run", files.Write("hello.json", Hello), "--input", """{"name":"Ada"}""", "--json");

        code.ShouldBe(0);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        var events = lines[..^1];
        events.Select(e => e["seq"]!.GetValue<long>()).ShouldBeInOrder();
        events.Select(e => e["type"]!.GetValue<string>()).ShouldContain("instance.completed");
        Result(stdout)["status"]!.GetValue<string>().ShouldBe("Completed");
    }

    [Fact]
    public async Task Run_WhenTheWorkflowFaults_ExitsWith1AndShowsTheError()
    {
        using var files = new TempFiles();
        var (code, stdout, _) = await WeftProcess.RunAsync(null, "run", files.Write("fail.json", """
            { "id": "fails", "nodes": [{ "id": "stop", "type": "flow.fail", "inputs": { "message": "no luck", "errorType": "Planned" } }], "edges": [] }
            """));

        code.ShouldBe(1);
        stdout.ShouldContain("Faulted");
        stdout.ShouldContain("Planned: no luck");
    }

    [Theory]
    [InlineData("""{ "id": "cut", "nodes": [{ "id": "a", "ty""")]
    [InlineData("""{ "id": "x", "nodes": [ }""")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Run_CorruptOrTruncatedDefinition_ExitsWith2AndAClearMessage(string content)
    {
        using var files = new TempFiles();
        var path = files.Write("broken.json", content);

        var run = await WeftProcess.RunAsync(null, "run", path);
        var validate = await WeftProcess.RunAsync(null, "validate", path);

        run.ExitCode.ShouldBe(2);
        validate.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("broken.json");
        run.Stderr.ShouldNotContain("   at "); // a message, not a stack trace
    }

    [Fact]
    public async Task Run_MissingFile_ExitsWith2()
    {
        var (code, _, stderr) = await WeftProcess.RunAsync(null, "run", "/nonexistent/wf.json");
        code.ShouldBe(2);
        stderr.ShouldContain("cannot read");
    }

    [Fact]
    public async Task Run_MalformedInput_ExitsWith2()
    {
        using var files = new TempFiles();
        var (code, _, stderr) = await WeftProcess.RunAsync(null, "run", files.Write("hello.json", Hello), "--input", "{name:");
        code.ShouldBe(2);
        stderr.ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task Validate_InvalidDefinition_ReportsEachErrorWithNodeAndPath()
    {
        using var files = new TempFiles();
        var (code, _, stderr) = await WeftProcess.RunAsync(null, "validate", files.Write("bad.json", """
            { "id": "bad",
              "nodes": [
                { "id": "a", "type": "no.such.activity" },
                { "id": "b", "type": "log", "inputs": { "message": "{{ input.x + }}" } } ],
              "edges": [{ "id": "e1", "source": "b", "target": "ghost" }] }
            """));

        code.ShouldBe(1);
        stderr.ShouldContain("$.nodes[0].type [node a]");
        stderr.ShouldContain("$.nodes[1].inputs.message [node b]");
        stderr.ShouldContain("$.edges[0].target");
    }

    [Fact]
    public async Task Validate_ValidDefinition_Exits0()
    {
        using var files = new TempFiles();
        var (code, stdout, _) = await WeftProcess.RunAsync(null, "validate", files.Write("hello.json", Hello));
        code.ShouldBe(0);
        stdout.ShouldContain("valid (2 nodes, 1 edges)");
    }

    private static JsonNode Result(string stdout) =>
        JsonNode.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!["result"]!;
}
