using System.Collections;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Weft.Activities.Providers;
using Weft.Engine.Activities;

namespace Weft.Activities.Tests.Providers;

public sealed class ModelCatalogTests
{
    private static ModelCatalog Catalog(params (string Name, ModelAlias Alias)[] aliases)
    {
        var options = new ModelCatalogOptions();
        foreach (var (name, alias) in aliases) options.Aliases[name] = alias;
        return new ModelCatalog(options);
    }

    [Fact]
    public void GetChatClient_NoAlias_FailsNonRetryably_NamingTheSettings()
    {
        var failure = Should.Throw<ActivityException>(() => Catalog().GetChatClient("main"));

        failure.ErrorType.ShouldBe(ModelErrorTypes.NotConfigured);
        failure.Retryable.ShouldBeFalse();
        failure.Message.ShouldContain("No chat model 'main' is configured");
        failure.Message.ShouldContain("Weft:Models:main:Endpoint");
        failure.Message.ShouldContain("WEFT_MODELS__main__ENDPOINT");
        failure.Message.ShouldContain("Ollama");
    }

    [Fact]
    public void GetChatClient_AliasWithoutModelName_NamesTheModelSetting()
    {
        var catalog = Catalog(("router", new ModelAlias { Endpoint = "http://127.0.0.1:1/v1" }));
        var failure = Should.Throw<ActivityException>(() => catalog.GetChatClient("router"));
        failure.ErrorType.ShouldBe(ModelErrorTypes.NotConfigured);
        failure.Message.ShouldContain("Weft:Models:router:Model");
    }

    [Fact]
    public void GetChatClient_HashingAlias_CannotChat()
    {
        var catalog = Catalog(("main", new ModelAlias { Provider = ModelProvider.Hashing }));
        Should.Throw<ActivityException>(() => catalog.GetChatClient("main")).Message.ShouldContain("embedding model");
    }

    [Fact]
    public void GetChatClient_SameAliasAnyCase_IsCreatedOnce()
    {
        var catalog = Catalog(("main", new ModelAlias { Endpoint = "http://127.0.0.1:1/v1", Model = "m" }));
        catalog.GetChatClient("MAIN").ShouldBeSameAs(catalog.GetChatClient("main"));
    }

    [Fact]
    public void GetEmbeddingGenerator_EmbeddingsNotConfigured_IsTheHashingEmbedder()
    {
        var generator = Catalog().GetEmbeddingGenerator("embeddings").ShouldBeOfType<HashingEmbeddingGenerator>();
        generator.Dimensions.ShouldBe(HashingEmbeddingGenerator.DefaultDimensions);
    }

    [Fact]
    public void GetEmbeddingGenerator_HashingWithDimensions_UsesThem()
    {
        var catalog = Catalog(("small", new ModelAlias { Provider = ModelProvider.Hashing, Dimensions = 64 }));
        catalog.GetEmbeddingGenerator("small").ShouldBeOfType<HashingEmbeddingGenerator>().Dimensions.ShouldBe(64);
    }

    [Fact]
    public void GetEmbeddingGenerator_OtherAliasNotConfigured_FailsNamingTheSetting()
    {
        var failure = Should.Throw<ActivityException>(() => Catalog().GetEmbeddingGenerator("docs"));
        failure.ErrorType.ShouldBe(ModelErrorTypes.NotConfigured);
        failure.Message.ShouldContain("Weft:Models:docs:Endpoint");
    }

    [Fact]
    public void GetEmbeddingGenerator_ChatAlias_CannotEmbed()
    {
        var catalog = Catalog(("main", new ModelAlias { Endpoint = "http://127.0.0.1:1/v1", Model = "m", Kind = ModelKind.Chat }));
        Should.Throw<ActivityException>(() => catalog.GetEmbeddingGenerator("main")).Message.ShouldContain("chat model");
    }

    [Fact]
    public void FromEnvironment_ReadsAliasesInBothSpellings()
    {
        var variables = new Hashtable
        {
            ["WEFT_MODELS__main__ENDPOINT"] = "http://localhost:11434/v1",
            ["WEFT_MODELS__main__MODEL"] = "llama3.1:8b",
            ["weft_models__main__apikey"] = "secret",
            ["Weft__Models__embeddings__Provider"] = "hashing",
            ["Weft__Models__embeddings__Dimensions"] = "128",
            ["WEFT_MODELS__router__KIND"] = "chat",
            ["PATH"] = "/usr/bin",
        };

        var options = ModelCatalogOptions.FromEnvironment(variables);

        options.Aliases.Keys.Order(StringComparer.Ordinal).ShouldBe(["embeddings", "main", "router"]);
        var main = options.Aliases["MAIN"];
        (main.Endpoint, main.Model, main.ApiKey).ShouldBe(("http://localhost:11434/v1", "llama3.1:8b", "secret"));
        options.Aliases["embeddings"].Provider.ShouldBe(ModelProvider.Hashing);
        options.Aliases["embeddings"].Dimensions.ShouldBe(128);
        options.Aliases["router"].Kind.ShouldBe(ModelKind.Chat);
    }

    [Theory]
    [InlineData("WEFT_MODELS__main__KIND", "robot", "chat, embedding")]
    [InlineData("WEFT_MODELS__main__DIMENSIONS", "-3", "positive integer")]
    [InlineData("WEFT_MODELS__main__COLOUR", "blue", "unknown model setting")]
    public void FromEnvironment_BadValue_SaysWhichVariable(string variable, string value, string expected)
    {
        var failure = Should.Throw<InvalidOperationException>(() => ModelCatalogOptions.FromEnvironment(new Hashtable { [variable] = value }));
        failure.Message.ShouldContain(variable);
        failure.Message.ShouldContain(expected);
    }

    [Fact]
    public void Resolve_RegisteredCatalog_IsUsed()
    {
        var catalog = Catalog();
        ModelCatalogResolver.Resolve(new SingleService(typeof(IModelCatalog), catalog)).ShouldBeSameAs(catalog);
    }

    [Fact]
    public void Resolve_NoCatalogRegistered_FallsBackToOneFromTheEnvironment()
    {
        var fallback = ModelCatalogResolver.Resolve(new SingleService(typeof(string), "unrelated"));
        fallback.ShouldBeOfType<ModelCatalog>();
        ModelCatalogResolver.Resolve(new SingleService(typeof(string), "unrelated")).ShouldBeSameAs(fallback);
    }

    private sealed class SingleService(Type type, object service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == type ? service : null;
    }
}

public sealed class ModelServiceCollectionExtensionsTests
{
    [Fact]
    public void AddWeftModels_RegistersTheCatalogAndTheEmbeddingsGenerator()
    {
        var services = new ServiceCollection();
        services.AddWeftModels(new ModelCatalogOptions { Aliases = { ["embeddings"] = new ModelAlias { Provider = ModelProvider.Hashing, Dimensions = 96 } } });
        using var provider = services.BuildServiceProvider();

        var catalog = provider.GetRequiredService<IModelCatalog>();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        generator.ShouldBeSameAs(catalog.GetEmbeddingGenerator("embeddings"));
        generator.ShouldBeOfType<HashingEmbeddingGenerator>().Dimensions.ShouldBe(96);
        ModelCatalogResolver.Resolve(provider).ShouldBeSameAs(catalog);
    }
}
