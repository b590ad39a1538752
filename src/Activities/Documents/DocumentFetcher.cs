using System.Net;
using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities.Documents;

/// <summary>
/// GETs documents for <c>document.load</c>: http(s) only, every hop (redirects are followed here, not
/// by the handler) checked against the allow-list, bodies read no further than the size limit.
/// Failures are <see cref="ActivityException"/>s with the types of <see cref="DataErrors"/>.
/// Register one per host; it owns its connection pool.
/// </summary>
public sealed class DocumentFetcher : IDisposable
{
    private static readonly Lazy<DocumentFetcher> Shared = new(() => new DocumentFetcher());
    private readonly HttpClient _http;

    public DocumentFetcher(DocumentLoadOptions? options = null, HttpMessageHandler? handler = null)
    {
        Options = options ?? new DocumentLoadOptions();
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The fetcher used when the host registers none: default options (any host, 5 MiB).</summary>
    public static DocumentFetcher Default => Shared.Value;

    public DocumentLoadOptions Options { get; }

    public async Task<FetchedDocument> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            for (var hop = 0; hop <= Options.MaxRedirects; hop++)
            {
                CheckAllowed(url);
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html, text/markdown, text/plain;q=0.9, application/xhtml+xml, */*;q=0.1");
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    url = location.IsAbsoluteUri ? location : new Uri(url, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode) throw Unavailable(url, response.StatusCode);

                var contentType = response.Content.Headers.ContentType?.ToString();
                if (response.Content.Headers.ContentLength > Options.MaxBytes)
                    throw TooLarge(url.ToString(), response.Content.Headers.ContentLength.Value);
                var content = await ReadLimitedAsync(response.Content, url, timeout.Token).ConfigureAwait(false);
                return new FetchedDocument(url, contentType, content);
            }
            throw new ActivityException(DataErrors.DocumentUnavailable, $"{url} redirected more than {Options.MaxRedirects} times.", retryable: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ActivityException(DataErrors.DocumentUnavailable, $"Fetching {url} took longer than {Options.Timeout.TotalSeconds:0.#} s.", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            throw new ActivityException(DataErrors.DocumentUnavailable, $"Could not fetch {url}: {ex.Message}", retryable: true, inner: ex);
        }
    }

    /// <summary>The non-retryable <c>DocumentTooLarge</c> failure; <paramref name="knownLength"/> when the size is known exactly.</summary>
    internal ActivityException TooLarge(string what, long? knownLength) =>
        new(DataErrors.DocumentTooLarge,
            $"{what} is larger than the limit of {Options.MaxBytes:N0} bytes{(knownLength is { } n ? $" ({n:N0} bytes)" : "")}.",
            retryable: false);

    private void CheckAllowed(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw ActivityException.Validation($"'{url}' is not an http or https URL.");
        if (!Options.IsHostAllowed(url.Host))
            throw new ActivityException(DataErrors.HostNotAllowed, $"Host '{url.Host}' is not on the allow-list for documents.", retryable: false);
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, Uri url, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            // Counted after decompression, so a small compressed body cannot expand past the limit.
            if (buffer.Length + read > Options.MaxBytes) throw TooLarge(url.ToString(), null);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static ActivityException Unavailable(Uri url, HttpStatusCode status)
    {
        var code = (int)status;
        // Server trouble and throttling may pass; a missing or forbidden document will not.
        var retryable = code >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        return new ActivityException(DataErrors.DocumentUnavailable, $"{url} answered {code} {status}.", retryable);
    }

    public void Dispose() => _http.Dispose();
}
