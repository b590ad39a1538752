using System.Net;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests;

/// <summary>One Server-Sent Events frame: an event (id, type, data) or a comment.</summary>
internal sealed record SseFrame(long? Id, string? Event, JsonNode? Data, string? Comment);

/// <summary>A minimal Server-Sent Events client over HttpClient, frame by frame, as a browser's EventSource parses them.</summary>
internal sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? lastEventId = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await ErrorTextAsync(response));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return new SseReader(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>The next frame; null when the server closed the stream.</summary>
    public async Task<SseFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        long? id = null;
        string? type = null, data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null || data is not null) return new SseFrame(id, type, data is null ? null : JsonNode.Parse(data), null);
                continue;
            }
            if (line.StartsWith(':')) return new SseFrame(null, null, null, line[1..].Trim());
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "id": id = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
        return null;
    }

    /// <summary>The next event, skipping comments; null at the end of the stream.</summary>
    public async Task<SseFrame?> ReadEventAsync(CancellationToken cancellationToken)
    {
        while (await ReadFrameAsync(cancellationToken) is { } frame)
        {
            if (frame.Comment is null) return frame;
        }
        return null;
    }

    /// <summary>Every event until the server closes the stream.</summary>
    public async Task<List<SseFrame>> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var events = new List<SseFrame>();
        while (await ReadEventAsync(cancellationToken) is { } frame) events.Add(frame);
        return events;
    }

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync();

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
