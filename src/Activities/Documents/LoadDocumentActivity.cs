using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Documents;

/// <summary>
/// <c>document.load</c>: reads a document from a URL (GET, allow-listed, size-limited — see
/// <see cref="DocumentFetcher"/>) or from the <see cref="IDocumentStore"/>, and turns text, Markdown
/// or HTML into readable text.
/// </summary>
[Activity("document.load", DisplayName = "Load document", Category = "AI",
    Description = "Loads a document from a URL or the document store and converts text, Markdown or HTML to plain text.")]
[Output("documentId", ValueTypes.String, Description = "The stored document's id (stored documents only).")]
[Output("url", ValueTypes.String, Description = "The URL read, after redirects (URLs only).")]
[Output("title", ValueTypes.String, Description = "HTML <title> or first <h1>, Markdown front-matter title or first heading, or the stored title.")]
[Output("text", ValueTypes.String, Description = "The readable text: paragraphs separated by blank lines.")]
[Output("format", ValueTypes.String, Description = "How it was read: text, markdown or html.")]
[Output("length", ValueTypes.Integer, Description = "Characters of text.")]
[Output("contentType", ValueTypes.String, Description = "The media type of the source.")]
public sealed class LoadDocumentActivity : Activity<LoadDocumentInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(LoadDocumentInputs inputs, ActivityContext context)
    {
        var hasUrl = !string.IsNullOrWhiteSpace(inputs.Url);
        var hasId = !string.IsNullOrWhiteSpace(inputs.DocumentId);
        if (hasUrl == hasId)
            throw ActivityException.Validation($"Node '{context.NodeId}' needs exactly one of the inputs 'url' and 'documentId'.");
        if (!DocumentConverter.Formats.Contains(inputs.Format.ToLowerInvariant()))
            throw ActivityException.Validation($"Input 'format' of node '{context.NodeId}' is '{inputs.Format}'; use one of {string.Join(", ", DocumentConverter.Formats)}.");

        var fetcher = context.Find<DocumentFetcher>() ?? DocumentFetcher.Default;
        var output = new JsonObject();
        ConvertedDocument converted;
        if (hasUrl)
        {
            if (!Uri.TryCreate(inputs.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw ActivityException.Validation($"Input 'url' of node '{context.NodeId}' is '{inputs.Url}'; it must be an absolute http or https URL.");
            var fetched = await fetcher.FetchAsync(url, context.CancellationToken).ConfigureAwait(false);
            converted = DocumentConverter.Convert(fetched.Content, fetched.ContentType, inputs.Format, fetched.Url.AbsolutePath);
            output["url"] = fetched.Url.ToString();
        }
        else
        {
            var store = context.Require<IDocumentStore>("a document store to read 'documentId' from");
            var document = await store.GetAsync(inputs.DocumentId!, context.CancellationToken).ConfigureAwait(false)
                ?? throw new ActivityException(DataErrors.DocumentUnavailable, $"There is no stored document '{inputs.DocumentId}'.", retryable: false);
            if (document.Content.LongLength > fetcher.Options.MaxBytes)
                throw fetcher.TooLarge($"Stored document '{document.Id}'", document.Content.LongLength);
            converted = DocumentConverter.Convert(document.Content, document.Info.ContentType, inputs.Format, document.Info.Name);
            converted = converted with { Title = document.Info.Title ?? converted.Title ?? document.Info.Name };
            output["documentId"] = document.Id;
        }

        output["title"] = converted.Title;
        output["text"] = converted.Text;
        output["format"] = converted.Format;
        output["length"] = converted.Text.Length;
        output["contentType"] = converted.ContentType;
        return ActivityResult.Complete(output);
    }
}

public sealed class LoadDocumentInputs
{
    [Input(Description = "An http(s) URL to GET; its host must be on the server's allow-list. Give this or documentId.")]
    public string? Url { get; set; }

    [Input(Description = "The id of an uploaded document. Give this or url.")]
    public string? DocumentId { get; set; }

    [Input(Options = ["auto", "text", "markdown", "html"], Description = "How to read the content; auto decides by content type and file extension. Default: auto.")]
    public string Format { get; set; } = "auto";
}
