using System.Text.Json.Nodes;

namespace Weft.Activities.Tests.OpenAiTestServer;

/// <summary>
/// One scripted answer of the <see cref="OpenAiTestServer"/> to one request: text (or a function of
/// the request), a fault (status, Retry-After), delays, and for streams the chunks, the pause between
/// them and an optional gate the stream waits on, so a test can observe what happens mid-stream.
/// </summary>
public sealed record ScriptedReply
{
    /// <summary>HTTP status; anything but 200 is sent as an OpenAI-style error.</summary>
    public int Status { get; init; } = 200;

    public string? ErrorMessage { get; init; }

    /// <summary>Sent as the <c>Retry-After</c> header (seconds) with an error.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The assistant's text; <see cref="Compute"/> wins when set.</summary>
    public string Text { get; init; } = "";

    public Func<RecordedRequest, string>? Compute { get; init; }

    /// <summary>How the text is streamed; default: split after each space.</summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    /// <summary>Wait before answering at all.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Wait between stream chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>A stream stops after <see cref="GateAfterChunks"/> chunks until this task completes.</summary>
    public Task? Gate { get; init; }

    public int GateAfterChunks { get; init; }

    public string FinishReason { get; init; } = "stop";

    /// <summary>The model the reply names; default: the requested one.</summary>
    public string? ResponseModel { get; init; }

    /// <summary>Token counts to report; default: words of the prompt and chunks of the reply.</summary>
    public (int Input, int Output)? Usage { get; init; }

    /// <summary>Embeddings only: the vectors to return; default: computed from the texts.</summary>
    public IReadOnlyList<float[]>? Vectors { get; init; }

    public static ScriptedReply WithText(string text) => new() { Text = text };

    public static ScriptedReply WithJson(JsonNode json) => new() { Text = json.ToJsonString() };

    public static ScriptedReply From(Func<RecordedRequest, string> compute) => new() { Compute = compute };

    public static ScriptedReply Fault(int status, string message = "scripted fault", int? retryAfterSeconds = null) =>
        new() { Status = status, ErrorMessage = message, RetryAfterSeconds = retryAfterSeconds };

    internal string TextFor(RecordedRequest request) => Compute?.Invoke(request) ?? Text;
}
