namespace Weft.Activities.Documents;

/// <summary>The raw bytes of a fetched URL and how the server described them.</summary>
/// <param name="Url">The final URL, after redirects.</param>
public sealed record FetchedDocument(Uri Url, string? ContentType, byte[] Content);
