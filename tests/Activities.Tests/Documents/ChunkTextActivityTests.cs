using System.Text.Json.Nodes;
using Weft.Activities.Tests.DataTesting;

namespace Weft.Activities.Tests.Documents;

public sealed class ChunkTextActivityTests : IAsyncLifetime
{
    private static readonly JsonObject ThreeAttempts = new() { ["maxAttempts"] = 3, ["initialInterval"] = "00:00:00.010" };
    private readonly TempDirectory _directory = new();
    private ActivityHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ActivityHarness.StartAsync(_directory, new TestServices());

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task TextChunk_Text_OutputsChunksWithOffsetsAndCount()
    {
        var text = "First paragraph here.\n\nSecond paragraph, a little longer than the first.\n\nThird.";

        var run = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = text, ["size"] = 60, ["overlap"] = 0 });

        var chunks = run.Output["chunks"]!.AsArray();
        run.Output["count"]!.GetValue<int>().ShouldBe(chunks.Count);
        chunks.Count.ShouldBe(2);
        foreach (var chunk in chunks)
        {
            var start = chunk!["start"]!.GetValue<int>();
            var end = chunk["end"]!.GetValue<int>();
            chunk["text"]!.GetValue<string>().ShouldBe(text[start..end]);
        }
        chunks[0]!["text"]!.GetValue<string>().ShouldBe("First paragraph here.");
        chunks[1]!["index"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task TextChunk_DefaultInputs_UseParagraphsOf800WithOverlap()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 30).Select(i => $"Paragraph {i} says something about topic {i} in a few words."));

        var run = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = text });

        var chunks = run.Output["chunks"]!.AsArray().Select(c => c!).ToList();
        chunks.Count.ShouldBeGreaterThan(1);
        chunks.ShouldAllBe(c => c["text"]!.GetValue<string>().Length <= 800);
        (chunks[0]["end"]!.GetValue<int>() - chunks[1]["start"]!.GetValue<int>()).ShouldBeInRange(1, 100);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n ")]
    public async Task TextChunk_EmptyText_FailsOnceWithValidationError(string text)
    {
        var run = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = text }, ThreeAttempts);

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain("'text'");
        run.Error.Attempt.ShouldBe(1);
    }

    [Theory]
    [InlineData(0, 0, "'size'")]
    [InlineData(-5, 0, "'size'")]
    [InlineData(100, 100, "'overlap'")]
    [InlineData(100, -1, "'overlap'")]
    public async Task TextChunk_BadSizeOrOverlap_FailsWithValidationErrorNamingTheInput(int size, int overlap, string named)
    {
        var run = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = "Some text.", ["size"] = size, ["overlap"] = overlap }, ThreeAttempts);

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain(named);
        run.Error.Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task TextChunk_UnknownStrategy_FailsWithValidationError()
    {
        var run = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = "Some text.", ["strategy"] = "words" });

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain("'strategy'");
    }

    [Fact]
    public async Task TextChunk_SizeOfWrongType_FailsWithValidationError()
    {
        var run = await _harness.RunAsync("text.chunk", new JsonObject { ["text"] = "Some text.", ["size"] = "big" });

        run.Error.Type.ShouldBe("ValidationError");
        run.Error.Message.ShouldContain("size");
    }
}
