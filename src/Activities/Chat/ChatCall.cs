using System.Text;
using Microsoft.Extensions.AI;
using Weft.Activities.Providers;
using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>
/// One model call on behalf of a node: whole, or streamed with each delta published through a
/// <see cref="TokenEmitter"/> as it arrives (which also heartbeats the attempt). Provider failures
/// become node errors (<see cref="ModelFailures"/>); the node's cancellation stops the call.
/// </summary>
public static class ChatCall
{
    public static async Task<ChatReply> RunAsync(
        IChatClient client, string alias, IList<ChatMessage> messages, ChatOptions options, ActivityContext context, TokenEmitter? tokens)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return tokens is null
                ? FromResponse(await client.GetResponseAsync(messages, options, context.CancellationToken).ConfigureAwait(false))
                : await StreamAsync(client, messages, options, context, tokens).ConfigureAwait(false);
        }
        catch (Exception ex) when (ModelFailures.TryMap(ex, alias, context.CancellationToken, out var failure))
        {
            throw failure;
        }
    }

    private static async Task<ChatReply> StreamAsync(IChatClient client, IList<ChatMessage> messages, ChatOptions options, ActivityContext context, TokenEmitter tokens)
    {
        var text = new StringBuilder();
        var usage = ChatUsage.None;
        string? model = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, context.CancellationToken).ConfigureAwait(false))
        {
            context.Heartbeat();
            model = update.ModelId ?? model;
            finish = update.FinishReason ?? finish;
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent { Text: { Length: > 0 } delta }:
                        text.Append(delta);
                        await tokens.EmitAsync(delta).ConfigureAwait(false);
                        break;
                    case UsageContent { Details: { } details }:
                        usage = usage.Add(ChatUsage.From(details));
                        break;
                }
            }
        }
        return new ChatReply(text.ToString(), usage, model, finish?.Value);
    }

    private static ChatReply FromResponse(ChatResponse response) =>
        new(response.Text, ChatUsage.From(response.Usage), response.ModelId, response.FinishReason?.Value);
}
