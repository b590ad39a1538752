using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Weft.Activities.Providers;

/// <summary>Builds OpenAI SDK clients for an alias, with the SDK's own retries off.</summary>
internal static class OpenAIClients
{
    public static readonly Uri DefaultEndpoint = new("https://api.openai.com/v1");

    /// <summary>Local servers (Ollama, vLLM, llama.cpp) need no key, but the SDK insists on one.</summary>
    private const string NoKey = "no-key";

    public static OpenAIChatClient CreateChatClient(ModelAlias model) =>
        new(new ChatClient(model.Model, Credential(model), Options(model)), model.Model!, EndpointOf(model));

    public static OpenAIEmbeddingGenerator CreateEmbeddingGenerator(ModelAlias model) =>
        new(new EmbeddingClient(model.Model, Credential(model), Options(model)), model.Model!,
            model.MaxBatchSize ?? OpenAIEmbeddingGenerator.DefaultMaxBatchSize, model.Dimensions, EndpointOf(model));

    public static Uri EndpointOf(ModelAlias model) =>
        string.IsNullOrWhiteSpace(model.Endpoint) ? DefaultEndpoint : new Uri(model.Endpoint);

    private static ApiKeyCredential Credential(ModelAlias model) =>
        new(string.IsNullOrWhiteSpace(model.ApiKey) ? NoKey : model.ApiKey);

    private static OpenAIClientOptions Options(ModelAlias model)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = EndpointOf(model),
            // The node's retry policy is the only one: a retry inside the SDK would hide attempts from
            // the journal and multiply waits (3 SDK retries × the node's attempts).
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            UserAgentApplicationId = "weft",
        };
        if (model.NetworkTimeout is { } timeout) options.NetworkTimeout = timeout;
        return options;
    }
}
