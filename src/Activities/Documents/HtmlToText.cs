using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Weft.Activities.Documents;

/// <summary>
/// HTML to readable text with AngleSharp: scripts, styles, navigation and other non-content elements
/// are dropped; headings, paragraphs, list items and table rows become lines and paragraphs; the
/// title comes from <c>&lt;title&gt;</c>, else the first <c>&lt;h1&gt;</c>.
/// </summary>
internal static class HtmlToText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "nav", "noscript", "template", "svg", "iframe", "canvas", "object", "embed", "head", "button", "select",
    };

    private static readonly HashSet<string> ParagraphBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "figure",
        "section", "article", "main", "header", "footer", "aside", "address", "details", "fieldset", "form", "hr",
    };

    private static readonly HashSet<string> LineBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "tr", "dt", "dd", "caption", "figcaption", "summary", "legend", "li", "br",
    };

    public static (string? Title, string Text) Convert(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var title = Clean(document.Title);
        if (title is null && document.QuerySelector("h1") is { } h1) title = Clean(h1.TextContent);

        var writer = new TextBlockWriter();
        if (document.Body is { } body) Walk(body, writer, preformatted: false);
        else if (document.DocumentElement is { } root) Walk(root, writer, preformatted: false);
        return (title, writer.ToString());
    }

    private static void Walk(INode node, TextBlockWriter writer, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    if (preformatted) writer.Preformatted(text.Data);
                    else writer.Inline(text.Data);
                    break;
                case IElement element:
                    WalkElement(element, writer, preformatted);
                    break;
            }
        }
    }

    private static void WalkElement(IElement element, TextBlockWriter writer, bool preformatted)
    {
        var tag = element.LocalName;
        if (Dropped.Contains(tag) || element.HasAttribute("hidden")) return;
        if (tag is "br")
        {
            writer.LineBreak();
            return;
        }

        var paragraph = ParagraphBlocks.Contains(tag);
        var line = LineBlocks.Contains(tag);
        if (paragraph) writer.ParagraphBreak();
        else if (line) writer.LineBreak();
        if (tag is "li") writer.Inline(element.ParentElement?.LocalName is "ol" ? $"{ListIndex(element)}. " : "- ");

        Walk(element, writer, preformatted || tag is "pre");

        if (paragraph) writer.ParagraphBreak();
        else if (line) writer.LineBreak();
        else if (tag is "td" or "th") writer.Space();
    }

    private static int ListIndex(IElement item)
    {
        var index = 1;
        for (var sibling = item.PreviousElementSibling; sibling is not null; sibling = sibling.PreviousElementSibling)
        {
            if (sibling.LocalName is "li") index++;
        }
        return index;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var writer = new TextBlockWriter();
        writer.Inline(text);
        return writer.ToString();
    }
}
