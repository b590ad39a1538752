using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.Activities.Providers;

namespace Weft.Activities.Tests.OpenAiTestServer;

/// <summary>
/// An in-process server on 127.0.0.1 that speaks the OpenAI REST protocol — POST /v1/chat/completions
/// (JSON, or SSE chunks ending with <c>data: [DONE]</c> and a usage chunk when
/// <c>stream_options.include_usage</c>) and POST /v1/embeddings (float or base64 vectors) — so tests
/// drive the real OpenAI SDK. Replies are scripted per model (<see cref="Model"/>); every request is
/// logged (<see cref="Requests"/>).
/// </summary>
public sealed partial class OpenAiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ModelScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _completionIds;

    private OpenAiTestServer(WebApplication app) => _app = app;

    /// <summary>The base URL clients configure, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> RequestsFor(string model) => [.. _requests.Where(r => r.Model == model)];

    public static async Task<OpenAiTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new OpenAiTestServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>The script of <paramref name="model"/> (created on first use).</summary>
    public ModelScript Model(string model) => _scripts.GetOrAdd(model, _ => new ModelScript());

    /// <summary>A model alias that points at this server.</summary>
    public ModelAlias Alias(string model, ModelKind? kind = null) =>
        new() { Endpoint = Endpoint.ToString(), ApiKey = "test-key", Model = model, Kind = kind };

    private async Task ChatAsync(HttpContext http)
    {
        var request = await RecordAsync(http);
        var reply = Model(request.Model ?? "").Next();
        if (!await PrepareAsync(http, request, reply)) return;
        var text = reply!.TextFor(request);
        var model = reply.ResponseModel ?? request.Model ?? "unknown";
        var id = "chatcmpl-" + Interlocked.Increment(ref _completionIds).ToString(CultureInfo.InvariantCulture);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var chunks = reply.Chunks ?? SplitIntoChunks(text);
        var inputTokens = reply.Usage?.Input ?? request.Conversation.Sum(m => CountWords(m.Content));
        var outputTokens = reply.Usage?.Output ?? chunks.Count;
        var usage = new JsonObject { ["prompt_tokens"] = inputTokens, ["completion_tokens"] = outputTokens, ["total_tokens"] = inputTokens + outputTokens };

        if (!request.Stream)
        {
            await WriteJsonAsync(http, new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null },
                    ["logprobs"] = null,
                    ["finish_reason"] = reply.FinishReason,
                }),
                ["usage"] = usage,
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var abort = http.RequestAborted;
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }),
        };
        await WriteEventAsync(http, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString(), abort);
        for (var i = 0; i < chunks.Count; i++)
        {
            if (reply.Gate is { } gate && i == reply.GateAfterChunks) await gate.WaitAsync(abort);
            if (i > 0 && reply.ChunkDelay > TimeSpan.Zero) await Task.Delay(reply.ChunkDelay, abort);
            await WriteEventAsync(http, Chunk(new JsonObject { ["content"] = chunks[i] }, null).ToJsonString(), abort);
        }
        await WriteEventAsync(http, Chunk([], reply.FinishReason).ToJsonString(), abort);
        if (request.Body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            await WriteEventAsync(http, new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(), ["usage"] = usage,
            }.ToJsonString(), abort);
        }
        await WriteEventAsync(http, "[DONE]", abort);
    }

    private async Task EmbeddingsAsync(HttpContext http)
    {
        var request = await RecordAsync(http);
        var reply = Model(request.Model ?? "").Next() ?? new ScriptedReply();
        if (!await PrepareAsync(http, request, reply)) return;
        var inputs = request.Inputs;
        var dimensions = request.Body["dimensions"]?.GetValue<int>() ?? 32;
        var generator = new HashingEmbeddingGenerator(dimensions);
        var base64 = request.Body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        // Listed in reverse, as a provider may: clients must order by index.
        for (var i = inputs.Count - 1; i >= 0; i--)
        {
            var vector = reply.Vectors?[i] ?? generator.Embed(inputs[i]);
            JsonNode embedding = base64
                ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()))
                : new JsonArray([.. vector.Select(v => (JsonNode)v)]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }
        var tokens = inputs.Sum(CountWords);
        await WriteJsonAsync(http, new JsonObject
        {
            ["object"] = "list", ["data"] = data, ["model"] = reply.ResponseModel ?? request.Model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(http.Request.Path, body, headers, DateTimeOffset.UtcNow);
        _requests.Enqueue(request);
        return request;
    }

    /// <summary>Applies the delay and any fault; false when the reply is already written.</summary>
    private static async Task<bool> PrepareAsync(HttpContext http, RecordedRequest request, ScriptedReply? reply)
    {
        if (reply is null)
        {
            await WriteErrorAsync(http, 400, $"The test server has no scripted reply for model '{request.Model}'.", null);
            return false;
        }
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return false; // the client gave up
            }
        }
        if (reply.Status == 200) return true;
        await WriteErrorAsync(http, reply.Status, reply.ErrorMessage ?? "scripted fault", reply.RetryAfterSeconds);
        return false;
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string message, int? retryAfter)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await WriteJsonAsync(http, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error",
                ["param"] = null,
                ["code"] = null,
            },
        });
    }

    private static async Task WriteJsonAsync(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    private static async Task WriteEventAsync(HttpContext http, string data, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync("data: " + data + "\n\n", Encoding.UTF8, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>"Hello there world" → "Hello ", "there ", "world": what a model's tokens look like.</summary>
    internal static IReadOnlyList<string> SplitIntoChunks(string text) =>
        text.Length == 0 ? [] : [.. AfterSpace().Split(text).Where(c => c.Length > 0)];

    private static int CountWords(string text) => Words().Count(text);

    [GeneratedRegex(@"(?<=\s)")]
    private static partial Regex AfterSpace();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
