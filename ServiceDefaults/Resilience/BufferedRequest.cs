namespace Weft.ServiceDefaults.Resilience;

/// <summary>
/// A request that can be sent more than once. An <see cref="HttpRequestMessage"/> is single-use — its content may be a stream
/// that the first attempt consumes — so the body is read into memory once and every attempt gets a fresh copy of the
/// message: same method, URI, version, headers, options and body bytes.
/// </summary>
internal sealed class BufferedRequest
{
    private readonly HttpRequestMessage _original;
    private readonly byte[]? _body;

    private BufferedRequest(HttpRequestMessage original, byte[]? body)
    {
        _original = original;
        _body = body;
    }

    public static async Task<BufferedRequest> CreateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new BufferedRequest(request, body);
    }

    /// <summary>A fresh message for one attempt; the caller disposes it once the attempt's response is no longer needed.</summary>
    public HttpRequestMessage CreateAttempt()
    {
        var copy = new HttpRequestMessage(_original.Method, _original.RequestUri)
        {
            Version = _original.Version,
            VersionPolicy = _original.VersionPolicy,
        };
        foreach (var header in _original.Headers)
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        var options = (IDictionary<string, object?>)copy.Options;
        foreach (var option in _original.Options)
            options[option.Key] = option.Value;
        if (_body is not null)
        {
            copy.Content = new ByteArrayContent(_body);
            foreach (var header in _original.Content!.Headers)
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }
}
