using System.Text.Json.Nodes;
using Weft.Activities.Chat;
using Weft.Activities.Tests.Chat.Support;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Chat;

public sealed class PromptFileTests : ModelTestBase, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("weft-prompts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relativePath, string yaml)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return relativePath;
    }

    private ActivityTestHost PromptHost()
    {
        var host = Host();
        host.TestServices.Add(new PromptLibrary(_directory));
        // Stands in for the expression engine: the node's scope has input.question = "Why is the sky blue?".
        host.Evaluator = template => template.Replace("{{ input.question }}", "Why is the sky blue?", StringComparison.Ordinal);
        return host;
    }

    private const string RouterPrompt = """
        model: router
        temperature: 0.3
        maxTokens: 99
        system: |
          You answer questions about physics.
        user: "Question: {{ input.question }}"
        schema:
          type: object
          properties:
            answer: { type: string, minLength: 1 }
            certainty: { type: number, minimum: 0, maximum: 1 }
          required: [answer, certainty]
        """;

    [Fact]
    public async Task ExecuteAsync_PromptFile_EvaluatesItsTemplates_AndUsesItsModelTemperatureAndSchema()
    {
        var prompt = Write("physics/answer.yaml", RouterPrompt);
        Server.Model(RouterModel).ReplyJson(new JsonObject { ["answer"] = "Rayleigh scattering.", ["certainty"] = 0.9 });

        var result = await new ChatActivity().ExecuteAsync(PromptHost().Context("ai.chat", new JsonObject { ["prompt"] = prompt, ["stream"] = false }));

        result.Output!["json"]!["answer"]!.GetValue<string>().ShouldBe("Rayleigh scattering.");
        var sent = Server.Requests.ShouldHaveSingleItem();
        sent.Model.ShouldBe(RouterModel);
        sent.Conversation.ShouldBe([("system", "You answer questions about physics.\n"), ("user", "Question: Why is the sky blue?")]);
        sent.Body["temperature"]!.GetValue<double>().ShouldBe(0.3, 1e-6);
        (sent.Body["max_completion_tokens"] ?? sent.Body["max_tokens"])!.GetValue<int>().ShouldBe(99);
        // YAML numbers stay numbers in the schema sent.
        sent.Body["response_format"]!["json_schema"]!["schema"]!["properties"]!["certainty"]!["maximum"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.Number);
    }

    [Fact]
    public async Task ExecuteAsync_NodeSettings_OverrideThePromptFiles()
    {
        var prompt = Write("answer.yaml", RouterPrompt);
        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["x"] = new JsonObject { ["type"] = "string" } } };
        Server.Model(MainModel).ReplyJson(new JsonObject { ["x"] = "y" });

        var result = await new ChatActivity().ExecuteAsync(PromptHost().Context("ai.chat", new JsonObject
        {
            ["prompt"] = prompt, ["model"] = "main", ["user"] = "Inline question", ["temperature"] = 1.0,
            ["schema"] = schema.DeepClone(), ["stream"] = false,
        }));

        result.Output!["json"]!["x"]!.GetValue<string>().ShouldBe("y");
        var sent = Server.Requests.ShouldHaveSingleItem();
        sent.Model.ShouldBe(MainModel);
        sent.Conversation.ShouldBe([("system", "You answer questions about physics.\n"), ("user", "Inline question")]);
        sent.Body["temperature"]!.GetValue<double>().ShouldBe(1.0, 1e-6);
        JsonNode.DeepEquals(sent.Body["response_format"]!["json_schema"]!["schema"], schema).ShouldBeTrue();
    }

    [Theory]
    [InlineData("../outside.yaml")]
    [InlineData("/etc/passwd")]
    public async Task ExecuteAsync_PromptPathOutsideTheDirectory_FailsValidation(string path)
    {
        var failure = await Should.ThrowAsync<ActivityException>(async () =>
            await new ChatActivity().ExecuteAsync(PromptHost().Context("ai.chat", new JsonObject { ["prompt"] = path })));
        failure.ErrorType.ShouldBe("ValidationError");
        failure.Message.ShouldContain("inside the prompts directory");
        Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_MissingPromptFile_FailsValidationNamingIt()
    {
        var failure = await Should.ThrowAsync<ActivityException>(async () =>
            await new ChatActivity().ExecuteAsync(PromptHost().Context("ai.chat", new JsonObject { ["prompt"] = "nope.yaml" })));
        failure.ErrorType.ShouldBe("ValidationError");
        failure.Message.ShouldContain("'nope.yaml' of node 'node' does not exist");
    }

    [Theory]
    [InlineData("system: [unclosed", "not valid YAML")]
    [InlineData("- a\n- b", "must be a YAML mapping")]
    [InlineData("user: hi\ncolour: blue", "unknown field 'colour'")]
    [InlineData("temperature: 0.2", "needs 'system' or 'user'")]
    [InlineData("user: hi\nschema: 5", "'schema' must be a mapping")]
    [InlineData("user: hi\ntemperature: warm", "'temperature' must be a number")]
    public void Parse_MalformedFile_SaysWhatIsWrong(string yaml, string expected)
    {
        Should.Throw<FormatException>(() => PromptFile.Parse("p.yaml", yaml)).Message.ShouldContain(expected);
    }

    [Fact]
    public void Parse_TypesScalarsTheYaml12Way()
    {
        var file = PromptFile.Parse("p.yaml", """
            user: hi
            schema:
              type: object
              properties:
                a: { type: integer, minimum: -2, maximum: 1e3 }
                b: { enum: [true, "true", null, ~, 007, "7"] }
            """);
        file.Schema!["properties"]!["a"]!.ToJsonString().ShouldBe("""{"type":"integer","minimum":-2,"maximum":1000}""");
        file.Schema["properties"]!["b"]!["enum"]!.ToJsonString().ShouldBe("""[true,"true",null,null,7,"7"]""");
    }

    [Fact]
    public void Load_FileChanged_IsReadAgain()
    {
        var library = new PromptLibrary(_directory);
        var path = Write("p.yaml", "user: first");
        library.Load(path, "n").User.ShouldBe("first");
        File.WriteAllText(Path.Combine(_directory, path), "user: second");
        File.SetLastWriteTimeUtc(Path.Combine(_directory, path), DateTime.UtcNow.AddMinutes(1));
        library.Load(path, "n").User.ShouldBe("second");
    }
}
