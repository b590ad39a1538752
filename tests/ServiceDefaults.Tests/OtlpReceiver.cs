using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Weft.ServiceDefaults.Tests;

/// <summary>
/// A minimal OTLP/HTTP collector on loopback Kestrel: records every POST to /v1/{traces,metrics,logs} (path, content type,
/// headers, body) and answers 200. Google.Protobuf is not in the package graph, so bodies are searched as UTF-8 bytes —
/// span names, attribute values and the service name appear verbatim in the protobuf encoding.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<OtlpRequest> _requests = [];
    private TaskCompletionSource _arrived = NewSignal();
    private TestApp? _app;

    public Uri Endpoint => _app!.BaseAddress;

    public IReadOnlyList<OtlpRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._app = await TestApp.StartAsync(app => app.MapPost("/v1/{signal}", receiver.ReceiveAsync), serviceDefaults: false);
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new OtlpRequest(
            context.Request.Path.Value!,
            context.Request.ContentType,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _requests.Add(request);
            arrived = _arrived;
            _arrived = NewSignal();
        }
        arrived.TrySetResult();
        context.Response.ContentType = "application/x-protobuf";
    }

    /// <summary>Waits (bounded) until a request to <paramref name="path"/> matching <paramref name="match"/> has arrived.</summary>
    public async Task<OtlpRequest> WaitForAsync(string path, Func<OtlpRequest, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var found = _requests.FirstOrDefault(r => r.Path == path && (match is null || match(r)));
                if (found is not null) return found;
                arrived = _arrived.Task;
            }
            await arrived.WaitAsync(cancel.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record OtlpRequest(string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public bool Contains(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
