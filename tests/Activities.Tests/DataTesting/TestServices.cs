using Microsoft.Extensions.AI;
using Weft.Activities.Data;

namespace Weft.Activities.Tests.DataTesting;

/// <summary>The host's services for activity tests: whatever instances a test registers, by type.</summary>
public sealed class TestServices : IServiceProvider
{
    private readonly Dictionary<Type, object> _services = [];

    public TestServices Add<T>(T service) where T : class
    {
        _services[typeof(T)] = service;
        return this;
    }

    public object? GetService(Type serviceType) => _services.GetValueOrDefault(serviceType);
}

public sealed class TestEmbeddingsProvider(IEmbeddingGenerator<string, Embedding<float>> generator, string alias = "embeddings") : IEmbeddingsProvider
{
    public IEmbeddingGenerator<string, Embedding<float>> Get(string name) =>
        name == alias ? generator : throw new InvalidOperationException($"No embeddings model '{name}'.");
}

public sealed class TestChatProvider(IChatClient client, string alias = "router") : IChatProvider
{
    public IChatClient Get(string name) => name == alias ? client : throw new InvalidOperationException($"No chat model '{name}'.");
}
