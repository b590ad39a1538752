using System.Collections.Concurrent;

namespace Weft.Activities.Tests.OpenAiTestServer;

/// <summary>The replies one model gives, in order; then <see cref="Otherwise"/> for every further request.</summary>
public sealed class ModelScript
{
    private readonly ConcurrentQueue<ScriptedReply> _replies = new();

    /// <summary>The reply once the queue is empty; null answers 400 "no scripted reply", which fails the test loudly.</summary>
    public ScriptedReply? Otherwise { get; set; }

    public ModelScript Enqueue(params ScriptedReply[] replies)
    {
        foreach (var reply in replies) _replies.Enqueue(reply);
        return this;
    }

    public ModelScript Reply(string text) => Enqueue(ScriptedReply.WithText(text));

    public ModelScript Reply(Func<RecordedRequest, string> compute) => Enqueue(ScriptedReply.From(compute));

    public ModelScript ReplyJson(System.Text.Json.Nodes.JsonNode json) => Enqueue(ScriptedReply.WithJson(json));

    public ModelScript Fault(int status, string message = "scripted fault", int? retryAfterSeconds = null) =>
        Enqueue(ScriptedReply.Fault(status, message, retryAfterSeconds));

    public int Pending => _replies.Count;

    internal ScriptedReply? Next() => _replies.TryDequeue(out var reply) ? reply : Otherwise;
}
