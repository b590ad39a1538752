using System.Diagnostics;
using ActivityContext = Weft.Engine.Activities.ActivityContext;
using Microsoft.Extensions.AI;
using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>
/// Records a model call on the node's span with the OpenTelemetry GenAI semantic convention
/// attributes (<c>gen_ai.system</c>, <c>gen_ai.request.model</c>, <c>gen_ai.usage.input_tokens</c> …).
/// </summary>
public static class GenAiTelemetry
{
    /// <summary>The engine's node span tag that identifies the node (<c>weft.node.id</c>).</summary>
    private const string NodeIdTag = "weft.node.id";

    public static void Record(ActivityContext context, IChatClient client, string alias, ChatOptions options, ChatUsage usage, ChatReply reply, string operation = "chat")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        // Only the node's own span: with parallel branches another node's span could be current.
        if (Activity.Current is not { } span || !string.Equals(span.GetTagItem(NodeIdTag) as string, context.NodeId, StringComparison.Ordinal)) return;
        var metadata = client.GetService<ChatClientMetadata>();
        span.SetTag("gen_ai.operation.name", operation);
        span.SetTag("gen_ai.system", metadata?.ProviderName ?? "unknown");
        span.SetTag("gen_ai.request.model", metadata?.DefaultModelId ?? alias);
        span.SetTag("weft.model.alias", alias);
        if (options.Temperature is { } temperature) span.SetTag("gen_ai.request.temperature", (double)temperature);
        if (options.MaxOutputTokens is { } maxTokens) span.SetTag("gen_ai.request.max_tokens", maxTokens);
        if (reply.Model is { } model) span.SetTag("gen_ai.response.model", model);
        if (reply.FinishReason is { } finish) span.SetTag("gen_ai.response.finish_reasons", new[] { finish });
        span.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
        span.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
    }
}
