namespace Weft.Activities.Documents;

/// <summary>How <see cref="TextChunker"/> prefers to end a chunk.</summary>
public enum ChunkStrategy
{
    /// <summary>At blank lines; a paragraph longer than the size is split into sentences, then words.</summary>
    Paragraph,

    /// <summary>At sentence ends; a sentence longer than the size is split into words.</summary>
    Sentence,

    /// <summary>As full as the size allows, at any word boundary.</summary>
    Fixed,
}

/// <summary>One chunk: <see cref="Text"/> is exactly <c>text[Start..End]</c> of the chunked text.</summary>
public sealed record TextChunk(int Index, string Text, int Start, int End);

/// <summary>
/// Splits text into chunks of at most <c>size</c> characters (UTF-16 code units) for embedding.
/// Pieces (paragraphs, sentences or words, by <see cref="ChunkStrategy"/>) are packed greedily; a word
/// is never cut unless it alone exceeds the size. Each chunk after the first starts with up to
/// <c>overlap</c> characters of the previous one's tail, from a word boundary, so a fact that straddles
/// a boundary is whole in one of them; no character is in more than two chunks. Chunks are trimmed
/// and map back to the text by offsets, so nothing but whitespace between chunks is lost.
/// </summary>
public static class TextChunker
{
    public static IReadOnlyList<TextChunk> Chunk(string text, int size, int overlap, ChunkStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (overlap < 0 || overlap >= size) throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "Overlap must be at least 0 and less than the size.");

        var pieces = Pieces(text, size, strategy);
        var chunks = new List<TextChunk>();
        var current = default(TextSpan);
        var hasCurrent = false;
        var floor = 0; // the end of the chunk before the previous one: overlaps never reach behind it
        foreach (var piece in pieces)
        {
            if (!hasCurrent)
            {
                current = piece;
                hasCurrent = true;
                continue;
            }
            if (piece.End - current.Start <= size)
            {
                current = current with { End = piece.End };
                continue;
            }

            Emit(text, current, chunks);
            var start = OverlapStart(text, current, piece, size, overlap, floor);
            floor = current.End;
            current = new TextSpan(start, piece.End);
        }
        if (hasCurrent) Emit(text, current, chunks);
        return chunks;
    }

    private static void Emit(string text, TextSpan span, List<TextChunk> chunks) =>
        chunks.Add(new TextChunk(chunks.Count, text[span.Start..span.End], span.Start, span.End));

    /// <summary>The earliest word start in the previous chunk's last <paramref name="overlap"/> characters that keeps the new chunk within the size.</summary>
    private static int OverlapStart(string text, TextSpan previous, TextSpan next, int size, int overlap, int floor)
    {
        if (overlap == 0) return next.Start;
        var from = Math.Max(Math.Max(previous.Start + 1, previous.End - overlap), Math.Max(floor, next.End - size));
        for (var i = from; i < previous.End; i++)
        {
            if (TextSegmenter.IsWordStart(text, i)) return i;
        }
        return next.Start;
    }

    private static List<TextSpan> Pieces(string text, int size, ChunkStrategy strategy)
    {
        var pieces = new List<TextSpan>();
        var all = new TextSpan(0, text.Length);
        switch (strategy)
        {
            case ChunkStrategy.Paragraph:
                foreach (var paragraph in TextSegmenter.Paragraphs(text, all))
                {
                    if (paragraph.Length <= size) pieces.Add(paragraph);
                    else AddSentences(text, paragraph, size, pieces);
                }
                break;
            case ChunkStrategy.Sentence:
                foreach (var paragraph in TextSegmenter.Paragraphs(text, all))
                    AddSentences(text, paragraph, size, pieces);
                break;
            default:
                AddWords(text, all, size, pieces);
                break;
        }
        return pieces;
    }

    private static void AddSentences(string text, TextSpan range, int size, List<TextSpan> pieces)
    {
        foreach (var sentence in TextSegmenter.Sentences(text, range))
        {
            if (sentence.Length <= size) pieces.Add(sentence);
            else AddWords(text, sentence, size, pieces);
        }
    }

    private static void AddWords(string text, TextSpan range, int size, List<TextSpan> pieces)
    {
        foreach (var word in TextSegmenter.Words(text, range))
        {
            if (word.Length <= size)
            {
                pieces.Add(word);
                continue;
            }
            // A single word longer than a chunk: cut it, but never between the halves of a surrogate pair.
            var start = word.Start;
            while (start < word.End)
            {
                var end = Math.Min(start + size, word.End);
                if (end < word.End && char.IsLowSurrogate(text[end]) && end - 1 > start) end--;
                pieces.Add(new TextSpan(start, end));
                start = end;
            }
        }
    }
}
