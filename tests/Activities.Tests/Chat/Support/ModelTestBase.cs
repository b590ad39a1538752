using Weft.Activities.Providers;
using Server = Weft.Activities.Tests.OpenAiTestServer.OpenAiTestServer;

namespace Weft.Activities.Tests.Chat.Support;

/// <summary>Each test gets its own protocol test server and a catalog whose aliases point at it.</summary>
public abstract class ModelTestBase : IAsyncLifetime
{
    /// <summary>The model names behind the aliases <c>main</c>, <c>router</c> and <c>remote-embeddings</c>.</summary>
    protected const string MainModel = "main-model";
    protected const string RouterModel = "router-model";
    protected const string EmbeddingModel = "embedding-model";

    internal Server Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    internal ModelCatalog Catalog() => new(new ModelCatalogOptions
    {
        Aliases =
        {
            ["main"] = Server.Alias(MainModel, ModelKind.Chat),
            ["router"] = Server.Alias(RouterModel, ModelKind.Chat),
            ["remote-embeddings"] = Server.Alias(EmbeddingModel, ModelKind.Embedding),
        },
    });

    internal ActivityTestHost Host(IModelCatalog? catalog = null)
    {
        var host = new ActivityTestHost();
        host.TestServices.Add(catalog ?? Catalog());
        return host;
    }
}
