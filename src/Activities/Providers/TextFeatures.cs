using System.Buffers;
using System.Globalization;
using System.Text;

namespace Weft.Activities.Providers;

/// <summary>
/// Turns text into weighted, hashed features for <see cref="HashingEmbeddingGenerator"/>:
/// lower-cased words (runs of Unicode letters, digits and combining marks) plus character n-grams,
/// so inflections and typos still overlap ("embedding" / "embeddings"). Scripts written without
/// spaces between words (Chinese, Japanese, Thai…) and Korean's short syllable words get character
/// unigrams and bigrams instead of trigrams, since their words are one to three characters long.
/// </summary>
internal static class TextFeatures
{
    private const byte WordKind = (byte)'w';
    private const byte TrigramKind = (byte)'t';
    private const byte UnigramKind = (byte)'u';
    private const byte BigramKind = (byte)'b';

    private const float WordWeight = 1.0f;
    private const float TrigramWeight = 0.5f;
    private const float UnigramWeight = 0.4f;
    private const float BigramWeight = 0.8f;

    /// <summary>A dense-script run longer than this is a phrase, not a word: it gets no word feature.</summary>
    private const int MaxDenseWordLength = 4;

    private static readonly Rune Start = new('\u0002');
    private static readonly Rune End = new('\u0003');

    /// <summary>Adds the signed features of <paramref name="text"/> to <paramref name="vector"/> (not normalised).</summary>
    public static void Accumulate(ReadOnlySpan<char> text, Span<float> vector)
    {
        // A token never has more runes than the text has chars; +2 for the boundary markers.
        var buffer = ArrayPool<Rune>.Shared.Rent(text.Length + 2);
        try
        {
            var length = 0;
            var dense = false;
            foreach (var raw in text.EnumerateRunes())
            {
                var rune = Rune.ToLowerInvariant(raw);
                if (!IsTokenRune(rune, length > 0))
                {
                    Flush(buffer, ref length, dense, vector);
                    continue;
                }
                var runeDense = IsDenseScript(rune);
                if (length > 0 && runeDense != dense && !IsMark(rune)) Flush(buffer, ref length, dense, vector);
                if (length == 0) dense = runeDense;
                buffer[1 + length++] = rune; // slot 0 is kept for the start marker
            }
            Flush(buffer, ref length, dense, vector);
        }
        finally
        {
            ArrayPool<Rune>.Shared.Return(buffer);
        }
    }

    private static void Flush(Rune[] buffer, ref int length, bool dense, Span<float> vector)
    {
        if (length == 0) return;
        var token = buffer.AsSpan(1, length);
        if (dense)
        {
            if (length <= MaxDenseWordLength) Add(WordKind, token, WordWeight, vector);
            for (var i = 0; i < length; i++) Add(UnigramKind, token.Slice(i, 1), UnigramWeight, vector);
            for (var i = 0; i + 1 < length; i++) Add(BigramKind, token.Slice(i, 2), BigramWeight, vector);
        }
        else
        {
            Add(WordKind, token, WordWeight, vector);
            if (length >= 2)
            {
                buffer[0] = Start;
                buffer[length + 1] = End;
                var padded = buffer.AsSpan(0, length + 2);
                for (var i = 0; i + 3 <= padded.Length; i++) Add(TrigramKind, padded.Slice(i, 3), TrigramWeight, vector);
            }
        }
        length = 0;
    }

    private static void Add(byte kind, ReadOnlySpan<Rune> feature, float weight, Span<float> vector)
    {
        var hash = StableHash.Of(kind, feature);
        var bucket = (int)(hash % (ulong)vector.Length);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }

    private static bool IsTokenRune(Rune rune, bool inToken) =>
        Rune.IsLetterOrDigit(rune) || (inToken && IsMark(rune));

    /// <summary>Combining marks belong to the letter before them (Devanagari vowel signs, Hangul jamo, accents).</summary>
    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Scripts whose words are one to a few characters, often without spaces between them.</summary>
    private static bool IsDenseScript(Rune rune)
    {
        var v = rune.Value;
        return v is >= 0x0E00 and <= 0x0EFF      // Thai, Lao
            or >= 0x1000 and <= 0x109F           // Myanmar
            or >= 0x1100 and <= 0x11FF           // Hangul Jamo
            or >= 0x1780 and <= 0x17FF           // Khmer
            or >= 0x2E80 and <= 0x2FDF           // CJK radicals
            or >= 0x3040 and <= 0x318F           // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo
            or >= 0x3400 and <= 0x4DBF           // CJK extension A
            or >= 0x4E00 and <= 0x9FFF           // CJK unified ideographs
            or >= 0xA000 and <= 0xA4CF           // Yi
            or >= 0xAC00 and <= 0xD7AF           // Hangul syllables
            or >= 0xF900 and <= 0xFAFF           // CJK compatibility ideographs
            or >= 0xFF66 and <= 0xFF9F           // half-width Katakana
            or >= 0x20000 and <= 0x3FFFF;        // CJK extensions B…
    }
}
