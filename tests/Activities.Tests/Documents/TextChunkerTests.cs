using System.Text;
using Weft.Activities.Documents;

namespace Weft.Activities.Tests.Documents;

public sealed class TextChunkerTests
{
    private static readonly string[] Words =
        ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "supercalifragilistic"];

    [Fact]
    public void Chunk_ParagraphStrategy_EndsEveryChunkAtAParagraphEnd()
    {
        var paragraphs = Enumerable.Range(0, 12).Select(i => Sentence(i, 9) + " " + Sentence(i + 1, 7)).ToArray();
        var text = string.Join("\n\n", paragraphs);

        var chunks = TextChunker.Chunk(text, 250, 0, ChunkStrategy.Paragraph);

        AssertInvariants(text, chunks, 250, 0);
        chunks.Count.ShouldBeGreaterThan(2);
        var paragraphEnds = paragraphs.Select(p => text.IndexOf(p, StringComparison.Ordinal) + p.Length).ToHashSet();
        foreach (var chunk in chunks) paragraphEnds.ShouldContain(chunk.End, $"chunk {chunk.Index} ends mid-paragraph: '{chunk.Text}'");
    }

    [Fact]
    public void Chunk_ParagraphLongerThanSize_IsSplitAtSentenceEnds()
    {
        var text = string.Join(" ", Enumerable.Range(0, 20).Select(i => Sentence(i, 6)));

        var chunks = TextChunker.Chunk(text, 120, 0, ChunkStrategy.Paragraph);

        AssertInvariants(text, chunks, 120, 0);
        chunks.Count.ShouldBeGreaterThan(3);
        foreach (var chunk in chunks) chunk.Text.ShouldEndWith(".");
    }

    [Fact]
    public void Chunk_SentenceStrategy_PacksSentencesAndNeverCrossesAParagraphMidSentence()
    {
        var text = "One two three. Four five six! Seven eight nine?\nTen eleven twelve.\n\nThirteen fourteen. Fifteen sixteen seventeen.";

        var chunks = TextChunker.Chunk(text, 40, 0, ChunkStrategy.Sentence);

        AssertInvariants(text, chunks, 40, 0);
        chunks.Select(c => c.Text).ShouldBe([
            "One two three. Four five six!",
            "Seven eight nine?\nTen eleven twelve.",
            "Thirteen fourteen.",
            "Fifteen sixteen seventeen.",
        ]);
    }

    [Fact]
    public void Chunk_FixedStrategy_FillsChunksToTheSizeWithoutCuttingWords()
    {
        var text = string.Join(" ", Enumerable.Range(0, 400).Select(i => Words[i % 7]));

        var chunks = TextChunker.Chunk(text, 100, 0, ChunkStrategy.Fixed);

        AssertInvariants(text, chunks, 100, 0);
        foreach (var chunk in chunks.SkipLast(1))
        {
            chunk.Text.Length.ShouldBeGreaterThan(100 - 8, "a chunk stopped although the next word fitted");
            (chunk.End == text.Length || text[chunk.End] == ' ').ShouldBeTrue($"chunk {chunk.Index} cuts a word");
        }
    }

    [Fact]
    public void Chunk_WithOverlap_StartsEachChunkWithTheTailOfThePreviousAtAWordBoundary()
    {
        var text = string.Join(" ", Enumerable.Range(0, 300).Select(i => Words[i % 12]));

        var chunks = TextChunker.Chunk(text, 120, 30, ChunkStrategy.Fixed);

        AssertInvariants(text, chunks, 120, 30);
        for (var i = 1; i < chunks.Count; i++)
        {
            var previous = chunks[i - 1];
            var chunk = chunks[i];
            var shared = previous.End - chunk.Start;
            shared.ShouldBeInRange(1, 30, $"chunk {i} should repeat up to 30 characters of chunk {i - 1}");
            previous.Text.ShouldEndWith(text[chunk.Start..previous.End]);
            text[chunk.Start - 1].ShouldBe(' ', $"chunk {i} starts mid-word");
        }
    }

    [Fact]
    public void Chunk_WordLongerThanSize_IsCutIntoSizePieces()
    {
        var word = new string('x', 50);
        var text = $"short {word} tail";

        var chunks = TextChunker.Chunk(text, 20, 5, ChunkStrategy.Fixed);

        AssertInvariants(text, chunks, 20, 5);
        chunks.Select(c => c.Text).ShouldBe(["short", new string('x', 20), new string('x', 20), new string('x', 10) + " tail"]);
    }

    [Fact]
    public void Chunk_LongRunOfEmoji_IsNeverCutBetweenASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 30)); // 60 UTF-16 units, no spaces

        var chunks = TextChunker.Chunk(text, 7, 0, ChunkStrategy.Fixed);

        AssertInvariants(text, chunks, 7, 0);
        foreach (var chunk in chunks)
        {
            char.IsHighSurrogate(chunk.Text[0]).ShouldBeTrue();
            char.IsLowSurrogate(chunk.Text[^1]).ShouldBeTrue();
        }
    }

    [Fact]
    public void Chunk_ChineseText_EndsChunksAtSentenceMarks()
    {
        var sentences = new[] { "今天天气很好。", "我们去公园散步吧！", "你想一起来吗？", "公园里有很多花，非常漂亮。", "晚上我们一起吃饭。", "明天见！" };
        var text = string.Concat(sentences);

        var chunks = TextChunker.Chunk(text, 20, 0, ChunkStrategy.Sentence);

        AssertInvariants(text, chunks, 20, 0);
        chunks.Count.ShouldBeGreaterThan(1);
        foreach (var chunk in chunks) "。！？".ShouldContain(chunk.Text[^1]);
        string.Concat(chunks.Select(c => c.Text)).ShouldBe(text);
    }

    [Fact]
    public void Chunk_JapaneseTextWithoutPunctuation_BreaksBetweenCharactersWithOverlap()
    {
        var text = string.Concat(Enumerable.Repeat("ひらがなとカタカナと漢字", 10));

        var chunks = TextChunker.Chunk(text, 25, 5, ChunkStrategy.Fixed);

        AssertInvariants(text, chunks, 25, 5);
        chunks.Count.ShouldBeGreaterThan(4);
        for (var i = 1; i < chunks.Count; i++) (chunks[i - 1].End - chunks[i].Start).ShouldBe(5);
    }

    [Theory]
    [InlineData(ChunkStrategy.Paragraph)]
    [InlineData(ChunkStrategy.Sentence)]
    [InlineData(ChunkStrategy.Fixed)]
    public void Chunk_RandomDocuments_LoseNothingAndRepeatOnlyOverlaps(ChunkStrategy strategy)
    {
        for (var seed = 0; seed < 150; seed++)
        {
            var random = new Random(seed);
            var text = RandomDocument(random);
            var size = random.Next(8, 300);
            var overlap = random.Next(0, size / 2);

            var chunks = TextChunker.Chunk(text, size, overlap, strategy);

            AssertInvariants(text, chunks, size, overlap, $"seed {seed}, size {size}, overlap {overlap}");
        }
    }

    [Fact]
    public void Chunk_OnlyWhitespace_GivesNoChunks() =>
        TextChunker.Chunk(" \n\n\t ", 10, 2, ChunkStrategy.Paragraph).ShouldBeEmpty();

    [Fact]
    public void Chunk_OverlapNotBelowSize_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => TextChunker.Chunk("text", 10, 10, ChunkStrategy.Fixed));

    /// <summary>Every chunk maps back to the text, fits, is trimmed; chunks advance; each non-space character is in one or two chunks; neighbours share at most <paramref name="overlap"/> characters.</summary>
    internal static void AssertInvariants(string text, IReadOnlyList<TextChunk> chunks, int size, int overlap, string because = "")
    {
        var cover = new int[text.Length];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            chunk.Index.ShouldBe(i, because);
            chunk.Text.ShouldBe(text[chunk.Start..chunk.End], because);
            chunk.Text.Length.ShouldBeInRange(1, size, because);
            char.IsWhiteSpace(chunk.Text[0]).ShouldBeFalse(because);
            char.IsWhiteSpace(chunk.Text[^1]).ShouldBeFalse(because);
            if (i > 0)
            {
                chunk.Start.ShouldBeGreaterThan(chunks[i - 1].Start, because);
                chunk.End.ShouldBeGreaterThan(chunks[i - 1].End, because);
                (chunks[i - 1].End - chunk.Start).ShouldBeLessThanOrEqualTo(overlap, because);
            }
            for (var p = chunk.Start; p < chunk.End; p++) cover[p]++;
        }
        for (var p = 0; p < text.Length; p++)
        {
            if (char.IsWhiteSpace(text[p])) continue;
            cover[p].ShouldBeInRange(1, 2, $"character {p} '{text[p]}' {because}");
        }
    }

    private static string Sentence(int seed, int words) =>
        string.Join(" ", Enumerable.Range(seed, words).Select(i => Words[i % Words.Length])) is var s ? char.ToUpperInvariant(s[0]) + s[1..] + "." : "";

    private static string RandomDocument(Random random)
    {
        var text = new StringBuilder();
        var paragraphs = random.Next(1, 8);
        for (var p = 0; p < paragraphs; p++)
        {
            if (p > 0) text.Append(random.Next(3) == 0 ? "\n \n\n" : "\n\n");
            var sentences = random.Next(1, 10);
            for (var s = 0; s < sentences; s++)
            {
                if (s > 0) text.Append(random.Next(6) == 0 ? "\n" : " ");
                var words = random.Next(1, 25);
                for (var w = 0; w < words; w++)
                {
                    if (w > 0) text.Append(random.Next(10) == 0 ? "  " : " ");
                    text.Append(random.Next(15) == 0 ? "漢字かな" : Words[random.Next(Words.Length)]);
                }
                text.Append(".!?。"[random.Next(4)]);
            }
        }
        return text.ToString();
    }
}
