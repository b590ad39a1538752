using System.Globalization;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Weft.Activities.Documents;

/// <summary>
/// Markdown to readable text with Markdig: headings stay as lines of their own, paragraphs are
/// separated by a blank line, list items keep a bullet, code blocks keep their lines, markup goes.
/// The title is front matter's <c>title:</c>, else the first level-1 heading, else the first heading.
/// </summary>
internal static class MarkdownToText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

    public static (string? Title, string Text) Convert(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var writer = new TextBlockWriter();
        string? frontMatterTitle = null;
        HeadingBlock? firstHeading = null;
        HeadingBlock? firstH1 = null;
        foreach (var block in document.Descendants<Block>())
        {
            if (block is YamlFrontMatterBlock yaml) frontMatterTitle ??= FrontMatterTitle(yaml);
            if (block is HeadingBlock heading)
            {
                firstHeading ??= heading;
                if (heading.Level == 1) firstH1 ??= heading;
            }
        }

        WriteBlocks(document, writer, tight: false);
        var title = frontMatterTitle ?? InlineText(firstH1 ?? firstHeading);
        return (title, writer.ToString());
    }

    private static void WriteBlocks(ContainerBlock container, TextBlockWriter writer, bool tight)
    {
        foreach (var block in container)
            WriteBlock(block, writer, tight);
    }

    private static void WriteBlock(Block block, TextBlockWriter writer, bool tight)
    {
        switch (block)
        {
            case YamlFrontMatterBlock:
            case LinkReferenceDefinitionGroup:
            case ThematicBreakBlock:
                writer.ParagraphBreak();
                break;
            case HeadingBlock heading:
                writer.ParagraphBreak();
                WriteInlines(heading.Inline, writer);
                writer.ParagraphBreak();
                break;
            case ParagraphBlock paragraph:
                if (tight) writer.LineBreak(); else writer.ParagraphBreak();
                WriteInlines(paragraph.Inline, writer);
                if (tight) writer.LineBreak(); else writer.ParagraphBreak();
                break;
            case CodeBlock code when block is not HtmlBlock:
                writer.ParagraphBreak();
                writer.Preformatted(code.Lines.ToString());
                writer.ParagraphBreak();
                break;
            case HtmlBlock html:
                writer.ParagraphBreak();
                writer.Inline(HtmlToText.Convert(html.Lines.ToString()).Text);
                writer.ParagraphBreak();
                break;
            case ListBlock list:
                writer.ParagraphBreak();
                WriteList(list, writer);
                writer.ParagraphBreak();
                break;
            case Table table:
                writer.ParagraphBreak();
                foreach (var row in table.OfType<TableRow>())
                {
                    writer.LineBreak();
                    foreach (var cell in row.OfType<TableCell>())
                    {
                        foreach (var cellBlock in cell.OfType<LeafBlock>()) WriteInlines(cellBlock.Inline, writer);
                        writer.Space();
                    }
                    writer.LineBreak();
                }
                writer.ParagraphBreak();
                break;
            case ContainerBlock other:
                WriteBlocks(other, writer, tight);
                break;
        }
    }

    private static void WriteList(ListBlock list, TextBlockWriter writer)
    {
        var number = int.TryParse(list.OrderedStart, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            writer.LineBreak();
            writer.Inline(list.IsOrdered ? $"{number++}. " : "- ");
            var first = true;
            foreach (var child in item)
            {
                // The item's first paragraph continues the bullet's line; the rest follow on lines of their own.
                if (first && child is ParagraphBlock paragraph) WriteInlines(paragraph.Inline, writer);
                else WriteBlock(child, writer, tight: true);
                first = false;
            }
            writer.LineBreak();
        }
    }

    private static void WriteInlines(ContainerInline? container, TextBlockWriter writer)
    {
        if (container is null) return;
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    writer.Inline(literal.Content.ToString());
                    break;
                case CodeInline code:
                    writer.Inline(code.Content);
                    break;
                case AutolinkInline autolink:
                    writer.Inline(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    writer.Inline(entity.Transcoded.ToString());
                    break;
                case LineBreakInline lineBreak:
                    if (lineBreak.IsHard) writer.LineBreak(); else writer.Space();
                    break;
                case HtmlInline:
                    break;
                case ContainerInline nested:
                    WriteInlines(nested, writer);
                    break;
            }
        }
    }

    private static string? InlineText(LeafBlock? block)
    {
        if (block is null) return null;
        var writer = new TextBlockWriter();
        WriteInlines(block.Inline, writer);
        var text = writer.ToString();
        return text.Length == 0 ? null : text;
    }

    private static string? FrontMatterTitle(YamlFrontMatterBlock block)
    {
        foreach (var raw in block.Lines.ToString().Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("title:", StringComparison.OrdinalIgnoreCase)) continue;
            var value = line["title:".Length..].Trim().Trim('"', '\'').Trim();
            return value.Length == 0 ? null : value;
        }
        return null;
    }
}
