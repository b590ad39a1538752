using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Weft.Engine.Activities;

namespace Weft.Activities.Providers;

/// <summary>
/// The model aliases of one process, each resolved to a client on first use and kept. Missing or
/// incomplete aliases fail with <see cref="ModelErrorTypes.NotConfigured"/> (non-retryable), whose
/// message names the settings to set; the <c>embeddings</c> alias defaults to the offline
/// <see cref="HashingEmbeddingGenerator"/>.
/// </summary>
public sealed class ModelCatalog : IModelCatalog, IDisposable
{
    /// <summary>The alias <c>ai.chat</c> uses by default: the strong model.</summary>
    public const string MainAlias = "main";

    /// <summary>The alias <c>ai.classify</c> uses by default: a cheap, fast model.</summary>
    public const string RouterAlias = "router";

    /// <summary>The alias <c>ai.embed</c> and ingestion use by default; the hashing embedder when not configured.</summary>
    public const string EmbeddingsAlias = "embeddings";

    private const string Providers = "any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp";

    private readonly Dictionary<string, ModelAlias> _aliases;
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> _chatClients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<IEmbeddingGenerator<string, Embedding<float>>>> _embedders = new(StringComparer.OrdinalIgnoreCase);

    public ModelCatalog(ModelCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _aliases = new Dictionary<string, ModelAlias>(options.Aliases, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A catalog of the aliases in this process's environment (see <see cref="ModelCatalogOptions.FromEnvironment"/>).</summary>
    public static ModelCatalog FromEnvironment() => new(ModelCatalogOptions.FromEnvironment());

    public IReadOnlyCollection<string> Aliases => _aliases.Keys;

    public ModelAlias? Find(string alias) => _aliases.GetValueOrDefault(alias);

    public IChatClient GetChatClient(string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        return _chatClients.GetOrAdd(alias, a => new Lazy<IChatClient>(() => CreateChatClient(a))).Value;
    }

    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        return _embedders.GetOrAdd(alias, a => new Lazy<IEmbeddingGenerator<string, Embedding<float>>>(() => CreateEmbeddingGenerator(a))).Value;
    }

    private IChatClient CreateChatClient(string alias)
    {
        if (!_aliases.TryGetValue(alias, out var model) || IsEmpty(model))
            throw NotConfigured($"No chat model '{alias}' is configured: set {Setting(alias, "Endpoint")}, :Model and :ApiKey (environment: {Variable(alias, "ENDPOINT")}, __MODEL, __APIKEY) — {Providers}.");
        if (model.Kind == ModelKind.Embedding || model.Provider == ModelProvider.Hashing)
            throw NotConfigured($"Model '{alias}' is configured as an embedding model ({Setting(alias, "Kind")} / :Provider), so it cannot chat: configure a chat model for '{alias}' or use another alias.");
        RequireModel(alias, model, "chat");
        return OpenAIClients.CreateChatClient(model);
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(string alias)
    {
        if (!_aliases.TryGetValue(alias, out var model) || IsEmpty(model))
        {
            if (string.Equals(alias, EmbeddingsAlias, StringComparison.OrdinalIgnoreCase))
                return new HashingEmbeddingGenerator(model?.Dimensions ?? HashingEmbeddingGenerator.DefaultDimensions);
            throw NotConfigured($"No embedding model '{alias}' is configured: set {Setting(alias, "Endpoint")}, :Model and :ApiKey, or {Setting(alias, "Provider")} = hashing for the offline embedder (environment: {Variable(alias, "PROVIDER")}=hashing).");
        }
        if (model.Kind == ModelKind.Chat)
            throw NotConfigured($"Model '{alias}' is configured as a chat model ({Setting(alias, "Kind")}), so it cannot embed: use the '{EmbeddingsAlias}' alias or configure an embedding model.");
        if (model.Provider == ModelProvider.Hashing)
            return new HashingEmbeddingGenerator(model.Dimensions ?? HashingEmbeddingGenerator.DefaultDimensions);
        RequireModel(alias, model, "embedding");
        return OpenAIClients.CreateEmbeddingGenerator(model);
    }

    /// <summary>An alias with no endpoint, key or model (e.g. only a dimension) counts as not configured.</summary>
    private static bool IsEmpty(ModelAlias model) =>
        model.Provider == ModelProvider.OpenAI && string.IsNullOrWhiteSpace(model.Endpoint) && string.IsNullOrWhiteSpace(model.ApiKey) && string.IsNullOrWhiteSpace(model.Model);

    private static void RequireModel(string alias, ModelAlias model, string kind)
    {
        if (string.IsNullOrWhiteSpace(model.Model))
            throw NotConfigured($"The {kind} model '{alias}' has no model name: set {Setting(alias, "Model")} (environment: {Variable(alias, "MODEL")}).");
        if (string.IsNullOrWhiteSpace(model.Endpoint) && string.IsNullOrWhiteSpace(model.ApiKey))
            throw NotConfigured($"The {kind} model '{alias}' has neither an endpoint nor an API key: set {Setting(alias, "Endpoint")} (and :ApiKey if the endpoint needs one) — {Providers}.");
        if (!string.IsNullOrWhiteSpace(model.Endpoint) && !Uri.TryCreate(model.Endpoint, UriKind.Absolute, out _))
            throw NotConfigured($"{Setting(alias, "Endpoint")} must be an absolute URL such as https://api.openai.com/v1, not '{model.Endpoint}'.");
    }

    private static string Setting(string alias, string field) => $"Weft:Models:{alias}:{field}";

    private static string Variable(string alias, string field) => $"{ModelCatalogOptions.EnvironmentPrefix}{alias}__{field}";

    private static ActivityException NotConfigured(string message) =>
        new(ModelErrorTypes.NotConfigured, message, retryable: false);

    public void Dispose()
    {
        foreach (var client in _chatClients.Values.Where(l => l.IsValueCreated)) client.Value.Dispose();
        foreach (var generator in _embedders.Values.Where(l => l.IsValueCreated)) generator.Value.Dispose();
    }
}
