using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace Weft.Activities.Providers;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK's <see cref="ChatClient"/>, for any
/// OpenAI-compatible endpoint: system/user/assistant messages, temperature, max output tokens,
/// JSON (schema) output, usage, finish reason and model id, whole or streamed. Provider failures
/// surface as the SDK's <see cref="System.ClientModel.ClientResultException"/>; map them with
/// <see cref="ModelFailures.ToActivityException"/>.
/// </summary>
public sealed class OpenAIChatClient : IChatClient
{
    /// <summary>Set to true in <see cref="ChatOptions.AdditionalProperties"/> to ask for OpenAI's strict schema mode.</summary>
    public const string StrictJsonSchemaKey = "strictJsonSchema";

    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;

    /// <param name="client">The SDK client, bound to one model.</param>
    /// <param name="modelId">The model it is bound to (the SDK exposes it only as an experimental API).</param>
    /// <param name="endpoint">Its base URL, for telemetry.</param>
    public OpenAIChatClient(ChatClient client, string modelId, Uri? endpoint = null, string providerName = "openai")
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _metadata = new ChatClientMetadata(providerName, endpoint, modelId);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await _client.CompleteChatAsync(ToOpenAIMessages(messages, options), ToOpenAIOptions(options), cancellationToken).ConfigureAwait(false);
        var completion = result.Value;
        var message = new AIChatMessage(ChatRole.Assistant, TextOf(completion.Content)) { MessageId = completion.Id, RawRepresentation = completion };
        var response = new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = completion.Usage is null ? null : ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
        if (!string.IsNullOrEmpty(completion.Refusal))
            (response.AdditionalProperties ??= [])["refusal"] = completion.Refusal;
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = _client.CompleteChatStreamingAsync(ToOpenAIMessages(messages, options), ToOpenAIOptions(options), cancellationToken);
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var converted = new ChatResponseUpdate
            {
                ResponseId = update.CompletionId,
                MessageId = update.CompletionId,
                ModelId = update.Model,
                CreatedAt = update.CreatedAt,
                Role = update.Role is { } role ? ToRole(role) : ChatRole.Assistant,
                FinishReason = update.FinishReason is { } reason ? ToFinishReason(reason) : null,
                RawRepresentation = update,
            };
            foreach (var part in update.ContentUpdate)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                    converted.Contents.Add(new TextContent(part.Text));
            }
            if (!string.IsNullOrEmpty(update.RefusalUpdate))
                (converted.AdditionalProperties ??= [])["refusal"] = update.RefusalUpdate;
            // Usage arrives in the last chunk (stream_options.include_usage), as UsageContent by the
            // Microsoft.Extensions.AI convention, so ToChatResponse() adds it up.
            if (update.Usage is not null) converted.Contents.Add(new UsageContent(ToUsage(update.Usage)));
            yield return converted;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        if (serviceType == typeof(ChatClient)) return _client;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The SDK client holds no resources of its own (its HttpClient is shared).
    }

    internal static List<OpenAI.Chat.ChatMessage> ToOpenAIMessages(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = new List<OpenAI.Chat.ChatMessage>();
        if (!string.IsNullOrEmpty(options?.Instructions)) list.Add(new SystemChatMessage(options.Instructions));
        foreach (var message in messages)
        {
            var text = message.Text;
            OpenAI.Chat.ChatMessage converted = message.Role.Value switch
            {
                "system" => new SystemChatMessage(text) { ParticipantName = message.AuthorName },
                // Developer messages are system messages for newer OpenAI models; every server knows "system".
                "developer" => new SystemChatMessage(text) { ParticipantName = message.AuthorName },
                "user" => new UserChatMessage(text) { ParticipantName = message.AuthorName },
                "assistant" => new AssistantChatMessage(text) { ParticipantName = message.AuthorName },
                _ => throw new NotSupportedException($"Chat messages with role '{message.Role.Value}' are not supported (system, developer, user and assistant are)."),
            };
            list.Add(converted);
        }
        return list;
    }

    internal static ChatCompletionOptions ToOpenAIOptions(ChatOptions? options)
    {
        var converted = new ChatCompletionOptions();
        if (options is null) return converted;
        converted.Temperature = options.Temperature;
        converted.MaxOutputTokenCount = options.MaxOutputTokens;
        converted.TopP = options.TopP;
        converted.FrequencyPenalty = options.FrequencyPenalty;
        converted.PresencePenalty = options.PresencePenalty;
        if (options.StopSequences is { } stops)
        {
            foreach (var stop in stops) converted.StopSequences.Add(stop);
        }
        converted.ResponseFormat = ToResponseFormat(options);
        return converted;
    }

    private static OpenAI.Chat.ChatResponseFormat? ToResponseFormat(ChatOptions options) => options.ResponseFormat switch
    {
        null => null,
        ChatResponseFormatText => OpenAI.Chat.ChatResponseFormat.CreateTextFormat(),
        ChatResponseFormatJson { Schema: { } schema } json => OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
            SchemaName(json.SchemaName),
            BinaryData.FromString(schema.GetRawText()),
            json.SchemaDescription,
            options.AdditionalProperties?.TryGetValue(StrictJsonSchemaKey, out var strict) == true && strict is bool b ? b : null),
        ChatResponseFormatJson => OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat(),
        AIChatResponseFormat other => throw new NotSupportedException($"Response format {other.GetType().Name} is not supported."),
    };

    /// <summary>OpenAI wants <c>^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
    private static string SchemaName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "output";
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').Take(64).ToArray();
        return new string(chars);
    }

    private static string TextOf(ChatMessageContent content) =>
        string.Concat(content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));

    internal static UsageDetails ToUsage(ChatTokenUsage usage) => new()
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount,
        ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount,
    };

    private static ChatRole ToRole(ChatMessageRole role) => role switch
    {
        ChatMessageRole.System => ChatRole.System,
        ChatMessageRole.User => ChatRole.User,
        ChatMessageRole.Tool => ChatRole.Tool,
        _ => ChatRole.Assistant,
    };

    private static Microsoft.Extensions.AI.ChatFinishReason ToFinishReason(OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        OpenAI.Chat.ChatFinishReason.Stop => Microsoft.Extensions.AI.ChatFinishReason.Stop,
        OpenAI.Chat.ChatFinishReason.Length => Microsoft.Extensions.AI.ChatFinishReason.Length,
        OpenAI.Chat.ChatFinishReason.ContentFilter => Microsoft.Extensions.AI.ChatFinishReason.ContentFilter,
        OpenAI.Chat.ChatFinishReason.ToolCalls or OpenAI.Chat.ChatFinishReason.FunctionCall => Microsoft.Extensions.AI.ChatFinishReason.ToolCalls,
        _ => new Microsoft.Extensions.AI.ChatFinishReason(reason.ToString().ToLowerInvariant()),
    };
}
