namespace Weft.Activities.Vectors;

/// <summary>How to reach a Qdrant server over REST.</summary>
public sealed class QdrantOptions
{
    /// <summary>The REST endpoint, e.g. <c>http://localhost:6333</c>. Required.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Sent as the <c>api-key</c> header when set. Default: none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Time for one request. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Points per upsert request: Qdrant applies each request as a whole, so this is the unit of all-or-nothing. Default: 256.</summary>
    public int MaxPointsPerRequest { get; init; } = 256;
}
