using System.Text;
using System.Text.Json.Nodes;
using Weft.Activities.Documents;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// <c>/api/documents</c>: upload text, Markdown or HTML (a JSON body, or the raw document with its
/// content type), list them paged, get one with its text, delete one. They live in the
/// <see cref="IDocumentStore"/> that <c>document.load</c> reads by <c>documentId</c>, so an ingestion
/// workflow can start from an uploaded document. Reading the body is in DocumentEndpoints.Upload.cs.
/// </summary>
internal static partial class DocumentEndpoints
{
    /// <summary>The default page size of the list, and its largest.</summary>
    public const int DefaultLimit = 50, MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/documents").WithTags("Documents");
        group.MapPost("/", UploadAsync)
            .WithSummary("Uploads a document: JSON {text, contentType?, name?, title?, id?, metadata?}, or the raw text/plain, text/markdown or text/html body (?name=&title=&id=).")
            .Produces<DocumentInfo>(StatusCodes.Status201Created).Produces<DocumentInfo>();
        group.MapGet("/", ListAsync).WithSummary("Documents without their content, newest first (limit, offset).").Produces<DocumentListResponse>();
        group.MapGet("/{id}", GetAsync).WithSummary("One document with its text.").Produces<DocumentResponse>();
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes a document (vectors already ingested from it stay).");
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, IDocumentStore store, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var upload = await ReadUploadAsync(request, MaxBytes(configuration), cancellationToken).ConfigureAwait(false);
        var replaced = upload.Id is { } id && await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null;
        var info = await store.SaveAsync(upload, cancellationToken).ConfigureAwait(false);
        return replaced ? TypedResults.Ok(info) : TypedResults.Created($"/api/documents/{Uri.EscapeDataString(info.Id)}", info);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IDocumentStore store, CancellationToken cancellationToken)
    {
        var limit = QueryNumber(request, "limit", DefaultLimit, 1, MaxLimit);
        var offset = QueryNumber(request, "offset", 0, 0, int.MaxValue);
        // One more than asked says whether there is a next page without counting every row.
        var items = await store.ListAsync(limit + 1, offset, cancellationToken).ConfigureAwait(false);
        var page = items.Take(limit).ToArray();
        return TypedResults.Ok(new DocumentListResponse(page, limit, offset, items.Count > limit ? offset + limit : null));
    }

    private static async Task<IResult> GetAsync(string id, IDocumentStore store, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw UnknownDocument(id);
        return TypedResults.Ok(new DocumentResponse(document.Info, Encoding.UTF8.GetString(document.Content)));
    }

    private static async Task<IResult> DeleteAsync(string id, IDocumentStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : throw UnknownDocument(id);

    /// <summary><c>Weft:Documents:MaxBytes</c>: the largest document (UTF-8 bytes of its text). Default: 5 MiB, what document.load reads.</summary>
    internal static long MaxBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("Weft:Documents:MaxBytes") is > 0 and var max ? max : DocumentLoadOptions.DefaultMaxBytes;

    private static int QueryNumber(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw ApiProblemException.BadRequest($"Query parameter '{name}' is '{text}'; it must be a whole number from {min} to {max}.", name);
        return value;
    }

    private static ApiProblemException UnknownDocument(string id) => ApiProblemException.NotFound($"There is no document '{id}'.", "id");
}

/// <summary>A page of <c>GET /api/documents</c>; <c>NextOffset</c> is null on the last page.</summary>
public sealed record DocumentListResponse(IReadOnlyList<DocumentInfo> Items, int Limit, int Offset, int? NextOffset);

/// <summary><c>GET /api/documents/{id}</c>: the description and the text as uploaded.</summary>
public sealed record DocumentResponse(DocumentInfo Document, string Text);

/// <summary>The JSON form of an upload.</summary>
public sealed class DocumentUploadBody
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? ContentType { get; set; }
    public string? Text { get; set; }
    public JsonObject? Metadata { get; set; }
}
