using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Weft.Studio.Tests.EndToEnd;

/// <summary>
/// The one fake in the browser tests, at the LLM protocol boundary: an OpenAI-compatible streaming chat completion that the
/// real OpenAI SDK (behind ai.chat) reads. It sends its first token, then holds the rest until the test has seen that token
/// in the browser — which proves tokens reach the page while the node still runs.
/// </summary>
public sealed class FakeChatModel
{
    public const string Model = "fake-chat";
    public const string FirstToken = "Hello";
    public const string SecondToken = " from the fake model";

    private TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held part of the current reply go.</summary>
    public void Release() => _rest.TrySetResult();

    public async Task StreamAsync(HttpContext context)
    {
        var rest = _rest;
        context.Response.ContentType = "text/event-stream";
        await WriteAsync(context, new { role = "assistant", content = FirstToken }, null);
        await rest.Task.WaitAsync(TimeSpan.FromSeconds(60), context.RequestAborted);
        await WriteAsync(context, new { content = SecondToken }, null);
        await WriteAsync(context, new { }, "stop");
        await context.Response.WriteAsync("data: [DONE]\n\n");
        _rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static async Task WriteAsync(HttpContext context, object delta, string? finishReason)
    {
        var chunk = new
        {
            id = "chatcmpl-studio",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = Model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
