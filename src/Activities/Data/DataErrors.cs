namespace Weft.Activities.Data;

/// <summary>Error types (<c>ActivityError.Type</c>) of the document, vector and memory activities, for <c>nonRetryable</c> lists and <c>onError</c> routing.</summary>
public static class DataErrors
{
    /// <summary>A service the activity needs is not registered on the host. Not retryable.</summary>
    public const string Configuration = "ConfigurationError";

    /// <summary>A document is larger than the configured limit. Not retryable.</summary>
    public const string DocumentTooLarge = "DocumentTooLarge";

    /// <summary>A URL could not be fetched: retryable for network errors, timeouts and 5xx; not for 404 and other 4xx.</summary>
    public const string DocumentUnavailable = "DocumentUnavailable";

    /// <summary>The URL's host is not on the allow-list. Not retryable.</summary>
    public const string HostNotAllowed = "HostNotAllowed";

    /// <summary>A vector's length differs from its collection's dimension. Not retryable.</summary>
    public const string DimensionMismatch = "DimensionMismatch";

    /// <summary>The collection does not exist. Not retryable.</summary>
    public const string CollectionNotFound = "CollectionNotFound";

    /// <summary>The vector store could not be reached or answered 429/5xx. Retryable.</summary>
    public const string VectorStoreUnavailable = "VectorStoreUnavailable";

    /// <summary>The vector store refused the request (4xx). Not retryable.</summary>
    public const string VectorStoreRejected = "VectorStoreRejected";

    /// <summary>An embeddings model returned something unusable (wrong count, empty or non-finite vectors). Retryable.</summary>
    public const string EmbeddingFailed = "EmbeddingFailed";

    /// <summary>A chat model's answer could not be parsed as the JSON asked for. Retryable: models vary.</summary>
    public const string InvalidModelOutput = "InvalidModelOutput";
}
