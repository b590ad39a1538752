namespace Weft.Activities.Documents;

/// <summary>
/// Finds paragraphs (split on blank lines), sentences (ended by . ! ? followed by a space, by 。！？,
/// or by a line break) and words (runs of non-space; every CJK character is a word of its own, since
/// those scripts write no spaces). Every span it returns is trimmed of surrounding whitespace.
/// </summary>
internal static class TextSegmenter
{
    public static List<TextSpan> Paragraphs(string text, TextSpan range)
    {
        var result = new List<TextSpan>();
        var paragraphStart = -1;
        var lastContentEnd = -1;
        var lineStart = range.Start;
        while (lineStart < range.End)
        {
            var lineEnd = text.IndexOf('\n', lineStart, range.End - lineStart);
            if (lineEnd < 0) lineEnd = range.End;
            var trimmed = Trim(text, new TextSpan(lineStart, lineEnd));
            if (trimmed.Length == 0)
            {
                if (paragraphStart >= 0) result.Add(new TextSpan(paragraphStart, lastContentEnd));
                paragraphStart = -1;
            }
            else
            {
                if (paragraphStart < 0) paragraphStart = trimmed.Start;
                lastContentEnd = trimmed.End;
            }
            lineStart = lineEnd + 1;
        }
        if (paragraphStart >= 0) result.Add(new TextSpan(paragraphStart, lastContentEnd));
        return result;
    }

    public static List<TextSpan> Sentences(string text, TextSpan range)
    {
        var result = new List<TextSpan>();
        var start = range.Start;
        for (var i = range.Start; i < range.End; i++)
        {
            var c = text[i];
            int end;
            if (c == '\n')
            {
                end = i;
            }
            else if (c is '。' or '！' or '？')
            {
                end = SkipClosers(text, i + 1, range.End);
            }
            else if (c is '.' or '!' or '?')
            {
                var after = SkipClosers(text, i + 1, range.End);
                // "3.14" and "e.g.x" continue the sentence: only a space (or the end) after the mark ends it.
                if (after < range.End && !char.IsWhiteSpace(text[after])) continue;
                end = after;
            }
            else
            {
                continue;
            }

            AddTrimmed(text, new TextSpan(start, end), result);
            start = end;
            i = Math.Max(i, end - 1);
        }
        AddTrimmed(text, new TextSpan(start, range.End), result);
        return result;
    }

    public static List<TextSpan> Words(string text, TextSpan range)
    {
        var result = new List<TextSpan>();
        var start = -1;
        for (var i = range.Start; i < range.End; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (start >= 0) result.Add(new TextSpan(start, i));
                start = -1;
            }
            else if (start < 0)
            {
                start = i;
            }
            else if (IsWordStart(text, i))
            {
                result.Add(new TextSpan(start, i));
                start = i;
            }
        }
        if (start >= 0) result.Add(new TextSpan(start, range.End));
        return result;
    }

    /// <summary>True when a word begins at <paramref name="index"/>: after a space, or between CJK characters (not before closing punctuation).</summary>
    public static bool IsWordStart(string text, int index)
    {
        var c = text[index];
        if (char.IsWhiteSpace(c) || char.IsLowSurrogate(c)) return false;
        if (index == 0) return true;
        var previous = text[index - 1];
        if (char.IsWhiteSpace(previous)) return true;
        return (IsCjk(c) || IsCjk(previous)) && !IsCloser(c) && !IsOpener(previous);
    }

    public static TextSpan Trim(string text, TextSpan span)
    {
        var start = span.Start;
        var end = span.End;
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return new TextSpan(start, end);
    }

    private static void AddTrimmed(string text, TextSpan span, List<TextSpan> into)
    {
        var trimmed = Trim(text, span);
        if (trimmed.Length > 0) into.Add(trimmed);
    }

    private static int SkipClosers(string text, int index, int end)
    {
        while (index < end && IsQuoteOrBracketCloser(text[index])) index++;
        return index;
    }

    /// <summary>Han, kana and CJK/full-width punctuation: scripts that do not separate words with spaces.</summary>
    private static bool IsCjk(char c) =>
        c is (>= '\u3000' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF')
        || char.IsSurrogate(c); // supplementary ideographs (CJK Ext. B+) arrive as surrogate pairs

    private static bool IsQuoteOrBracketCloser(char c) =>
        c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '」' or '』' or '）' or '】' or '〉' or '》' or '〕';

    private static bool IsCloser(char c) =>
        IsQuoteOrBracketCloser(c)
        || c is '。' or '、' or '，' or '．' or '！' or '？' or '：' or '；' or '.' or ',' or '!' or '?' or ':' or ';';

    private static bool IsOpener(char c) =>
        c is '(' or '[' or '{' or '“' or '‘' or '「' or '『' or '（' or '【' or '〈' or '《' or '〔';
}
