using System.Text;
using Weft.Engine.Activities;

namespace Weft.Activities.Documents;

/// <summary>A document turned into text.</summary>
/// <param name="Format">The format it was read as: text, markdown or html.</param>
public sealed record ConvertedDocument(string? Title, string Text, string Format, string ContentType);

/// <summary>
/// Decides how to read a document (content type, file extension, the requested format) and turns it
/// into text. Binary content types (PDF, images, archives…) are refused with a <c>ValidationError</c>.
/// </summary>
public static class DocumentConverter
{
    public const string Auto = "auto";
    public const string Text = "text";
    public const string Markdown = "markdown";
    public const string Html = "html";

    public static IReadOnlyList<string> Formats { get; } = [Auto, Text, Markdown, Html];

    /// <param name="nameHint">A file name or URL path, used when the content type says nothing useful.</param>
    public static ConvertedDocument Convert(byte[] content, string? contentType, string format, string? nameHint)
    {
        ArgumentNullException.ThrowIfNull(content);
        var mediaType = MediaType(contentType);
        var detected = Detect(mediaType, nameHint, content);
        var resolved = format.ToLowerInvariant() switch
        {
            Auto => detected,
            Text or Markdown or Html => format.ToLowerInvariant(),
            _ => throw ActivityException.Validation($"Format '{format}' is not one of {string.Join(", ", Formats)}."),
        };

        var decoded = Decode(content, Charset(contentType));
        var (title, text) = resolved switch
        {
            Html => HtmlToText.Convert(decoded),
            Markdown => MarkdownToText.Convert(decoded),
            _ => (null, NormalizePlain(decoded)),
        };
        return new ConvertedDocument(title, text, resolved, mediaType ?? ContentTypeOf(resolved));
    }

    private static string Detect(string? mediaType, string? nameHint, byte[] content)
    {
        switch (mediaType)
        {
            case "text/html" or "application/xhtml+xml":
                return Html;
            case "text/markdown" or "text/x-markdown" or "application/markdown":
                return Markdown;
            case not null when mediaType.StartsWith("text/", StringComparison.Ordinal)
                               || mediaType is "application/json" or "application/xml" or "application/x-yaml" or "application/yaml":
                // text/plain served for a .md file is still Markdown.
                return ExtensionFormat(nameHint) is Markdown ? Markdown : Text;
            case null or "application/octet-stream" or "binary/octet-stream":
                if (ExtensionFormat(nameHint) is { } byName) return byName;
                if (LooksBinary(content)) break;
                return Text;
        }
        throw ActivityException.Validation(
            $"Content type '{mediaType ?? "(none)"}' is not supported: document.load reads text, Markdown and HTML.");
    }

    private static string? ExtensionFormat(string? nameHint)
    {
        if (string.IsNullOrEmpty(nameHint)) return null;
        var path = Uri.TryCreate(nameHint, UriKind.Absolute, out var uri) ? uri.AbsolutePath : nameHint;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".md" or ".markdown" or ".mdx" => Markdown,
            ".html" or ".htm" or ".xhtml" => Html,
            ".txt" or ".text" or ".csv" or ".tsv" or ".json" or ".xml" or ".yaml" or ".yml" or ".log" => Text,
            _ => null,
        };
    }

    private static bool LooksBinary(byte[] content) => content.AsSpan(0, Math.Min(content.Length, 4096)).Contains((byte)0);

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static string? Charset(string? contentType)
    {
        if (contentType is null) return null;
        foreach (var part in contentType.Split(';').Skip(1))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
                return pair[1].Trim().Trim('"');
        }
        return null;
    }

    private static string Decode(byte[] content, string? charset)
    {
        var encoding = Encoding.UTF8;
        if (charset is not null)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                // Legacy code pages (windows-1252…) live in the code-pages provider; unknown names read as UTF-8.
                encoding = CodePagesEncodingProvider.Instance.GetEncoding(charset) ?? Encoding.UTF8;
            }
        }
        // A byte-order mark overrides the header, as browsers do.
        using var reader = new StreamReader(new MemoryStream(content), encoding, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string NormalizePlain(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        return string.Join('\n', lines.Select(l => l.TrimEnd())).Trim('\n');
    }

    private static string ContentTypeOf(string format) => format switch
    {
        Html => "text/html",
        Markdown => "text/markdown",
        _ => "text/plain",
    };
}
