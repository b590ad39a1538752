namespace Weft.Activities.Providers;

/// <summary>
/// One named model (<c>router</c>, <c>main</c>, <c>embeddings</c> …) as configured under
/// <c>Weft:Models:&lt;alias&gt;</c>. Workflows name aliases, never models, so a deployment can swap
/// a model or a provider without touching a definition.
/// </summary>
public sealed class ModelAlias
{
    /// <summary>
    /// Base URL of an OpenAI-compatible API, including its version segment: <c>https://api.openai.com/v1</c>,
    /// <c>https://NAME.openai.azure.com/openai/v1</c>, <c>http://localhost:11434/v1</c> (Ollama),
    /// <c>http://localhost:8000/v1</c> (vLLM, llama.cpp server). Default: OpenAI's, when <see cref="ApiKey"/> is set.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The provider's API key. Default: none (local servers that need no key).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The provider's model name, e.g. <c>gpt-4o-mini</c> or <c>llama3.1:8b</c>. Required for the OpenAI provider.</summary>
    public string? Model { get; set; }

    /// <summary>What the alias is for; a request for the other kind fails clearly. Default: null, either kind.</summary>
    public ModelKind? Kind { get; set; }

    /// <summary>Who serves it. Default: <see cref="ModelProvider.OpenAI"/> (any OpenAI-compatible endpoint).</summary>
    public ModelProvider Provider { get; set; } = ModelProvider.OpenAI;

    /// <summary>
    /// Embeddings only: the vector size. The hashing embedder uses it (default 384); an OpenAI
    /// embedding model receives it as <c>dimensions</c> when set (default: the model's own).
    /// </summary>
    public int? Dimensions { get; set; }

    /// <summary>How long one HTTP exchange may take (for a stream: the wait for the next bytes). Default: the SDK's, 100 s.</summary>
    public TimeSpan? NetworkTimeout { get; set; }

    /// <summary>Embeddings only: texts sent in one request at most. Default: 256.</summary>
    public int? MaxBatchSize { get; set; }
}

/// <summary>What a model alias serves.</summary>
public enum ModelKind
{
    Chat,
    Embedding,
}

/// <summary>The implementations behind an alias.</summary>
public enum ModelProvider
{
    /// <summary>Any endpoint that speaks the OpenAI REST protocol (OpenAI, Azure OpenAI v1, Ollama, vLLM, llama.cpp server…).</summary>
    OpenAI,

    /// <summary>The local, offline <see cref="HashingEmbeddingGenerator"/> (embeddings only).</summary>
    Hashing,
}
