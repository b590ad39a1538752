using System.Text;

namespace Weft.Activities.Documents;

/// <summary>
/// Builds readable text from a document tree: inline text with whitespace collapsed, line breaks,
/// and paragraph breaks (one blank line) — never more than one blank line, none at either end.
/// </summary>
internal sealed class TextBlockWriter
{
    private readonly StringBuilder _text = new();
    private int _pendingBreak; // 0 none, 1 line, 2 paragraph
    private bool _pendingSpace;

    /// <summary>Inline text: runs of whitespace become one space.</summary>
    public void Inline(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            if (char.IsWhiteSpace(text[start]))
            {
                _pendingSpace = true;
                start++;
                continue;
            }
            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            WriteRun(text.AsSpan(start, end - start));
            start = end;
        }
    }

    /// <summary>Preformatted text (code): kept line by line as written.</summary>
    public void Preformatted(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = 0;
        var last = lines.Length - 1;
        while (first <= last && lines[first].Trim().Length == 0) first++;
        while (last >= first && lines[last].Trim().Length == 0) last--;
        for (var i = first; i <= last; i++)
        {
            if (i > first) LineBreak();
            WriteRun(lines[i].TrimEnd().AsSpan());
        }
    }

    public void LineBreak() => _pendingBreak = Math.Max(_pendingBreak, 1);

    public void ParagraphBreak() => _pendingBreak = 2;

    /// <summary>A space before the next text (between table cells, say), unless a break comes first.</summary>
    public void Space() => _pendingSpace = true;

    public override string ToString() => _text.ToString();

    private void WriteRun(ReadOnlySpan<char> run)
    {
        if (run.Length == 0) return;
        if (_text.Length > 0)
        {
            if (_pendingBreak == 2) _text.Append("\n\n");
            else if (_pendingBreak == 1) _text.Append('\n');
            else if (_pendingSpace) _text.Append(' ');
        }
        _pendingBreak = 0;
        _pendingSpace = false;
        _text.Append(run);
    }
}
