using Weft.AppHost.Hosting;

namespace Weft.AppHost.Backing;

/// <summary>
/// Chooses the vector store: Qdrant at <c>Weft:Qdrant:Endpoint</c> (with <c>Weft:Qdrant:ApiKey</c>) when set, else the
/// embedded store (SQLite files in <c>&lt;state&gt;/&lt;name&gt;</c>, shared by every replica). The console says which, and how to choose the other.
/// </summary>
public static class VectorStore
{
    public const string QdrantEndpointKey = "Weft:Qdrant:Endpoint";

    public static IResourceBuilder<Resource> AddVectorStore(this DistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration[QdrantEndpointKey] is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new InvalidOperationException($"{QdrantEndpointKey} is '{endpoint}'; expected an http(s) URL such as http://127.0.0.1:6333.");
            builder.Notes.Add($"{name}: Qdrant at {url} ({QdrantEndpointKey}). Leave it unset for the embedded vector store.");
            return builder.AddQdrant(name, url, builder.Configuration["Weft:Qdrant:ApiKey"])
                .WithProperty("backing", $"Qdrant ({QdrantEndpointKey})");
        }

        var embedded = builder.AddEmbeddedVectorStore(name).WithProperty("backing", "embedded vector store");
        builder.Notes.Add($"{name}: embedded vector store in {embedded.Resource.Directory}. For Qdrant set {QdrantEndpointKey}=http://<host>:6333.");
        return embedded;
    }
}
