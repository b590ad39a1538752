using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Vectors;

/// <summary>
/// <see cref="IVectorStore"/> over Qdrant's REST API (our own client: HttpClient and System.Text.Json).
/// Qdrant point ids must be UUIDs or unsigned integers, so a point's string id becomes
/// <c>UUIDv5(<see cref="UuidV5.PointIdNamespace"/>, id)</c> and the original is kept in the payload as
/// <c>_id</c> (removed again from search results). Collections use one unnamed vector with Cosine distance.
/// Upserts go in requests of <see cref="QdrantOptions.MaxPointsPerRequest"/> points with <c>wait=true</c>;
/// every point is validated before the first request.
/// </summary>
public sealed class QdrantVectorStore : IVectorStore, IDisposable
{
    /// <summary>The payload key that keeps a point's original id.</summary>
    public const string OriginalIdKey = "_id";

    private readonly HttpClient _http;
    private readonly QdrantOptions _options;
    private readonly ConcurrentDictionary<string, int> _dimensions = new(StringComparer.Ordinal);

    public QdrantVectorStore(QdrantOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = options.Endpoint,
            Timeout = options.Timeout,
        };
        if (!string.IsNullOrEmpty(options.ApiKey)) _http.DefaultRequestHeaders.Add("api-key", options.ApiKey);
    }

    /// <summary>The Qdrant point id for one of our ids.</summary>
    public static Guid PointId(string id) => UuidV5.Create(UuidV5.PointIdNamespace, id);

    /// <summary><c>GET /healthz</c>: true when the server answers 200.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task EnsureCollectionAsync(string collection, int dimension, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        VectorChecks.Dimension(dimension);
        var existing = await GetDimensionAsync(collection, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var body = new JsonObject { ["vectors"] = new JsonObject { ["size"] = dimension, ["distance"] = "Cosine" } };
            try
            {
                await SendAsync(HttpMethod.Put, $"collections/{Escape(collection)}", body, collection, cancellationToken).ConfigureAwait(false);
                existing = dimension;
            }
            catch (ActivityException ex) when (ex.ErrorType == DataErrors.VectorStoreRejected)
            {
                // Someone else created it between our GET and PUT (Qdrant answers 409): theirs counts.
                existing = await GetDimensionAsync(collection, cancellationToken).ConfigureAwait(false);
                if (existing is null) throw;
            }
        }
        if (existing != dimension) throw new DimensionMismatchException(collection, existing.Value, dimension);
        _dimensions[collection] = dimension;
    }

    public async Task<int?> GetDimensionAsync(string collection, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        var result = await SendAsync(HttpMethod.Get, $"collections/{Escape(collection)}", (byte[]?)null, collection, cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
        if (result is null) return null;
        var vectors = result["config"]?["params"]?["vectors"] as JsonObject;
        if (vectors?["size"] is not JsonValue size || !size.TryGetValue<int>(out var dimension))
            throw new ActivityException(DataErrors.VectorStoreRejected, $"Qdrant collection '{collection}' has named vectors or no vector config; Weft uses one unnamed vector per point.", retryable: false);
        if (vectors["distance"]?.GetValue<string>() is { } distance && !distance.Equals("Cosine", StringComparison.OrdinalIgnoreCase))
            throw new ActivityException(DataErrors.VectorStoreRejected, $"Qdrant collection '{collection}' uses {distance} distance; Weft's scores are cosine similarities.", retryable: false);
        _dimensions[collection] = dimension;
        return dimension;
    }

    public async Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        VectorChecks.CollectionName(collection);
        if (points.Count == 0) return;
        var dimension = await DimensionAsync(collection, cancellationToken).ConfigureAwait(false);
        VectorChecks.Points(collection, dimension, points);
        var batch = Math.Max(1, _options.MaxPointsPerRequest);
        for (var offset = 0; offset < points.Count; offset += batch)
        {
            var body = UpsertBody(points, offset, Math.Min(batch, points.Count - offset));
            await SendAsync(HttpMethod.Put, $"collections/{Escape(collection)}/points?wait=true", body, collection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<VectorMatch>> SearchAsync(
        string collection,
        ReadOnlyMemory<float> vector,
        int topK,
        double? scoreThreshold = null,
        VectorFilter? filter = null,
        CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        VectorChecks.TopK(topK);
        var dimension = await DimensionAsync(collection, cancellationToken).ConfigureAwait(false);
        VectorChecks.Vector(collection, dimension, vector.Span, "The query vector");

        var query = new JsonArray();
        foreach (var x in vector.Span) query.Add(x);
        var body = new JsonObject { ["query"] = query, ["limit"] = topK, ["with_payload"] = true };
        if (scoreThreshold is { } threshold) body["score_threshold"] = threshold;
        if (filter is { IsEmpty: false }) body["filter"] = filter.ToJson();
        var result = await SendAsync(HttpMethod.Post, $"collections/{Escape(collection)}/points/query", body, collection, cancellationToken).ConfigureAwait(false);

        var matches = new List<VectorMatch>();
        foreach (var point in result?["points"] as JsonArray ?? [])
        {
            if (point is not JsonObject p) continue;
            var payload = p["payload"] as JsonObject is { } stored ? (JsonObject)stored.DeepClone() : [];
            var id = payload[OriginalIdKey] is JsonValue original ? original.ToString() : p["id"]?.ToString() ?? "";
            payload.Remove(OriginalIdKey);
            matches.Add(new VectorMatch(id, p["score"]?.GetValue<double>() ?? 0, payload));
        }
        return matches;
    }

    public async Task DeleteAsync(string collection, VectorFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        VectorChecks.CollectionName(collection);
        var body = new JsonObject { ["filter"] = filter.ToJson() };
        await SendAsync(HttpMethod.Post, $"collections/{Escape(collection)}/points/delete?wait=true", body, collection, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(string collection, VectorFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        var body = new JsonObject { ["exact"] = true };
        if (filter is { IsEmpty: false }) body["filter"] = filter.ToJson();
        var result = await SendAsync(HttpMethod.Post, $"collections/{Escape(collection)}/points/count", body, collection, cancellationToken).ConfigureAwait(false);
        return result?["count"]?.GetValue<long>() ?? 0;
    }

    public async Task CreatePayloadIndexAsync(string collection, string field, PayloadIndexType type, CancellationToken cancellationToken = default)
    {
        VectorChecks.CollectionName(collection);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        var body = new JsonObject { ["field_name"] = field, ["field_schema"] = type.ToString().ToLowerInvariant() };
        await SendAsync(HttpMethod.Put, $"collections/{Escape(collection)}/index?wait=true", body, collection, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<int> DimensionAsync(string collection, CancellationToken cancellationToken) =>
        _dimensions.TryGetValue(collection, out var known)
            ? known
            : await GetDimensionAsync(collection, cancellationToken).ConfigureAwait(false) ?? throw VectorChecks.NotFound(collection);

    /// <summary>The points body written straight to UTF-8: a few hundred 384-float vectors would be tens of thousands of JsonNodes otherwise.</summary>
    private static byte[] UpsertBody(IReadOnlyList<VectorPoint> points, int offset, int count)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("points");
            for (var i = offset; i < offset + count; i++)
            {
                var point = points[i];
                json.WriteStartObject();
                json.WriteString("id", PointId(point.Id).ToString("D"));
                json.WriteStartArray("vector");
                foreach (var x in point.Vector.Span) json.WriteNumberValue(x);
                json.WriteEndArray();
                json.WriteStartObject("payload");
                foreach (var (key, value) in point.Payload ?? [])
                {
                    json.WritePropertyName(key);
                    if (value is null) json.WriteNullValue();
                    else value.WriteTo(json);
                }
                json.WriteString(OriginalIdKey, point.Id);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Sends one request and returns Qdrant's <c>result</c>; maps failures to <c>DataErrors</c> types.</summary>
    private Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, string collection, CancellationToken cancellationToken, bool notFoundIsNull = false) =>
        SendAsync(method, path, body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body), collection, cancellationToken, notFoundIsNull);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, byte[]? body, string collection, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ActivityException(DataErrors.VectorStoreUnavailable, $"Qdrant at {_options.Endpoint} could not be reached: {ex.Message}", retryable: true, inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ActivityException(DataErrors.VectorStoreUnavailable, $"Qdrant at {_options.Endpoint} did not answer {method} /{path} within {_options.Timeout.TotalSeconds:0.#} s.", retryable: true, inner: ex);
        }

        using (response)
        {
            var json = TryParse(text);
            if (response.IsSuccessStatusCode) return json?["result"];
            var status = response.StatusCode;
            if (status == HttpStatusCode.NotFound && path.StartsWith($"collections/{Escape(collection)}", StringComparison.Ordinal))
            {
                _dimensions.TryRemove(collection, out _);
                if (notFoundIsNull) return null;
                throw VectorChecks.NotFound(collection);
            }
            var error = json?["status"]?["error"]?.ToString() ?? (text.Length > 300 ? text[..300] : text);
            var code = ((int)status).ToString(CultureInfo.InvariantCulture);
            if ((int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
                throw new ActivityException(DataErrors.VectorStoreUnavailable, $"Qdrant answered {method} /{path} with {code}: {error}", retryable: true);
            throw new ActivityException(DataErrors.VectorStoreRejected, $"Qdrant refused {method} /{path} with {code}: {error}", retryable: false);
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Escape(string collection) => Uri.EscapeDataString(collection);
}
