using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Weft.Activities.Tests.DataTesting;

namespace Weft.Activities.Tests.Vectors;

/// <summary>
/// A recorded-protocol Qdrant: a loopback Kestrel app that expects a scripted sequence of requests,
/// checks each one's method, path (with query), api-key header and JSON body, and answers with the
/// Qdrant-shaped response scripted for it ({result, status, time}). A request that does not match
/// gets a 418 whose text says why, and is reported by <see cref="Verify"/>.
/// </summary>
public sealed class QdrantFake : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private readonly Queue<Exchange> _script = new();
    private readonly List<string> _failures = [];
    private readonly Lock _gate = new();
    private LoopbackServer _server = null!;

    public Uri Endpoint => _server.BaseAddress;

    public List<(string Method, string Path, JsonNode? Body)> Received { get; } = [];

    public static async Task<QdrantFake> StartAsync()
    {
        var fake = new QdrantFake();
        fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Expects the next request to be <paramref name="method"/> <paramref name="path"/> whose body passes <paramref name="body"/>, and answers it.</summary>
    public QdrantFake Expect(string method, string path, Action<JsonNode?>? body, int status, string response)
    {
        lock (_gate) _script.Enqueue(new Exchange(method, path, body, status, response));
        return this;
    }

    /// <summary>Expects a request without a body check (GET has none).</summary>
    public QdrantFake Expect(string method, string path, int status, string response) => Expect(method, path, (Action<JsonNode?>?)null, status, response);

    /// <summary>Expects a body equal (as JSON) to <paramref name="json"/>.</summary>
    public QdrantFake Expect(string method, string path, string json, int status, string response) =>
        Expect(method, path, body => JsonNode.DeepEquals(body, JsonNode.Parse(json)).ShouldBeTrue($"body {body?.ToJsonString()} differs from {json}"), status, response);

    /// <summary>Every scripted request came, in order, and matched.</summary>
    public void Verify()
    {
        lock (_gate)
        {
            _failures.ShouldBeEmpty();
            _script.Select(e => $"{e.Method} {e.Path}").ShouldBeEmpty("scripted requests that never came");
        }
    }

    public static string Ok(string result) => $$"""{"result":{{result}},"status":"ok","time":0.000123}""";

    public static string Failure(string error) => $$"""{"status":{"error":"{{error}}"},"time":0.0001}""";

    public static string Collection(int size, string distance = "Cosine") => Ok($$$"""
        {"status":"green","optimizer_status":"ok","indexed_vectors_count":0,"points_count":3,"segments_count":2,
         "config":{"params":{"vectors":{"size":{{{size}}},"distance":"{{{distance}}}"},"shard_number":1,"replication_factor":1,
         "write_consistency_factor":1,"on_disk_payload":true},"hnsw_config":{"m":16,"ef_construct":100},"quantization_config":null},
         "payload_schema":{}}
        """);

    public static string Completed => Ok("""{"operation_id":1,"status":"completed"}""");

    public static string NotFound(string collection) => Failure($"Not found: Collection `{collection}` doesn't exist!");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var body = text.Length == 0 ? null : JsonNode.Parse(text);
        var path = context.Request.Path + context.Request.QueryString;
        var method = context.Request.Method;
        string? problem = null;
        Exchange? exchange = null;
        lock (_gate)
        {
            Received.Add((method, path, body));
            if (!_script.TryDequeue(out exchange)) problem = $"unexpected request {method} {path}";
            else if (exchange.Method != method || exchange.Path != path) problem = $"expected {exchange.Method} {exchange.Path}, got {method} {path}";
            else if (context.Request.Headers["api-key"] != ApiKey) problem = $"{method} {path} came without the api-key header";
            else if (body is not null && context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true) problem = $"{method} {path} has content type {context.Request.ContentType}";
            else
            {
                try
                {
                    exchange.CheckBody?.Invoke(body);
                }
                catch (Exception ex)
                {
                    problem = $"{method} {path}: {ex.Message}";
                }
            }
            if (problem is not null) _failures.Add(problem);
        }

        if (problem is not null)
        {
            context.Response.StatusCode = 418;
            await context.Response.WriteAsync(problem);
            return;
        }
        context.Response.StatusCode = exchange!.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(exchange.Response);
    }

    private sealed record Exchange(string Method, string Path, Action<JsonNode?>? CheckBody, int Status, string Response);
}
