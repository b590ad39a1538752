using Microsoft.Extensions.AI;

namespace Weft.Activities.Tests.DataTesting;

/// <summary>A chat client that answers from a script, in order, and records every request.</summary>
public sealed class ScriptedChatClient(params string[] answers) : IChatClient
{
    private readonly Queue<string> _answers = new(answers);

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(([.. messages], options));
        if (_answers.Count == 0) throw new InvalidOperationException("The script has no more answers.");
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _answers.Dequeue())));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Memory extraction does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
