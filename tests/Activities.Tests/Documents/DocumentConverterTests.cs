using System.Text;
using Weft.Activities.Documents;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Documents;

public sealed class DocumentConverterTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title> The  Title </title><style>body { color: red }</style><script>var secret = 1;</script></head>
        <body>
          <nav><a href="/">Home</a> | <a href="/about">About</a></nav>
          <h1>Main heading</h1>
          <p>First <b>bold</b>   paragraph
             spanning lines.</p>
          <div>A div line</div><div>Another div</div>
          <ul><li>one</li><li>two</li></ul>
          <ol><li>first</li><li>second</li></ol>
          <pre>code  line 1
            indented line 2</pre>
          <table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>
          <script>document.write("nope")</script><noscript>Enable JS</noscript>
          <p hidden>Hidden text</p>
          <h2>Second heading</h2><p>Last<br>line.</p>
        </body></html>
        """;

    [Fact]
    public void Convert_Html_KeepsHeadingsParagraphsAndListsAndDropsScriptsStylesAndNav()
    {
        var document = DocumentConverter.Convert(Encoding.UTF8.GetBytes(Page), "text/html; charset=utf-8", "auto", null);

        document.Format.ShouldBe("html");
        document.Title.ShouldBe("The Title");
        document.Text.ShouldBe("""
            Main heading

            First bold paragraph spanning lines.

            A div line
            Another div

            - one
            - two

            1. first
            2. second

            code  line 1
                indented line 2

            a b
            c d

            Second heading

            Last
            line.
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_HtmlWithoutTitle_TakesTheFirstH1()
    {
        var document = DocumentConverter.Convert(Encoding.UTF8.GetBytes("<h1>Only  heading</h1><p>Body</p>"), "text/html", "auto", null);

        document.Title.ShouldBe("Only heading");
        document.Text.ShouldBe("Only heading\n\nBody");
    }

    [Fact]
    public void Convert_Markdown_KeepsHeadingsAsLinesAndDropsMarkup()
    {
        var markdown = """
            ---
            title: "Front matter title"
            tags: [a, b]
            ---
            # Heading *one*

            Some **bold** and `code` and [a link](http://example.com) text
            continued on a second line.

            - item one
            - item **two**

            1. first
            2. second

            ```csharp
            var x = 1;
              indented();
            ```

            > A quote.

            ## Heading two
            Final paragraph.
            """;

        var document = DocumentConverter.Convert(Encoding.UTF8.GetBytes(markdown), "text/markdown", "auto", null);

        document.Format.ShouldBe("markdown");
        document.Title.ShouldBe("Front matter title");
        document.Text.ShouldBe("""
            Heading one

            Some bold and code and a link text continued on a second line.

            - item one
            - item two

            1. first
            2. second

            var x = 1;
              indented();

            A quote.

            Heading two

            Final paragraph.
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_MarkdownWithoutFrontMatter_TakesTheFirstLevelOneHeading()
    {
        var document = DocumentConverter.Convert(Encoding.UTF8.GetBytes("## Sub\n\n# Main title\n\nText"), "text/plain", "auto", "notes.md");

        document.Format.ShouldBe("markdown");
        document.Title.ShouldBe("Main title");
    }

    [Fact]
    public void Convert_PlainText_NormalisesLineEndingsAndTrailingSpaces()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("line one  \r\nline two\r\n\r\n")).ToArray();

        var document = DocumentConverter.Convert(bytes, "text/plain", "auto", null);

        document.Format.ShouldBe("text");
        document.Text.ShouldBe("line one\nline two");
        document.Title.ShouldBeNull();
    }

    [Fact]
    public void Convert_ExplicitFormat_OverridesTheContentType()
    {
        var document = DocumentConverter.Convert(Encoding.UTF8.GetBytes("<p>tags <b>kept</b></p>"), "text/plain", "text", null);

        document.Format.ShouldBe("text");
        document.Text.ShouldBe("<p>tags <b>kept</b></p>");
    }

    [Fact]
    public void Convert_Latin1Charset_DecodesAccordingly()
    {
        var bytes = Encoding.Latin1.GetBytes("café crème");

        DocumentConverter.Convert(bytes, "text/plain; charset=iso-8859-1", "auto", null).Text.ShouldBe("café crème");
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    public void Convert_BinaryContentType_FailsWithValidationError(string contentType)
    {
        var ex = Should.Throw<ActivityException>(() => DocumentConverter.Convert([1, 2, 3], contentType, "auto", null));

        ex.ErrorType.ShouldBe("ValidationError");
        ex.Message.ShouldContain(contentType);
    }

    [Fact]
    public void Convert_NoContentTypeAndBinaryBytes_FailsWithValidationError() =>
        Should.Throw<ActivityException>(() => DocumentConverter.Convert([0x25, 0x50, 0x00, 0x01], null, "auto", "file.bin")).ErrorType.ShouldBe("ValidationError");

    [Fact]
    public void Convert_OctetStreamNamedHtml_IsReadAsHtml() =>
        DocumentConverter.Convert(Encoding.UTF8.GetBytes("<p>Hi</p>"), "application/octet-stream", "auto", "/docs/page.html").Format.ShouldBe("html");
}
