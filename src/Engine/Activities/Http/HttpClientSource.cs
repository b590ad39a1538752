namespace Weft.Engine.Activities.Http;

/// <summary>
/// Where <c>http.request</c> gets its <see cref="HttpClient"/>: the host's <see cref="IHttpClientFactory"/>
/// (named client <see cref="ClientName"/>, which the server configures) or, when none is registered
/// (the CLI), one shared client for the process.
/// </summary>
public static class HttpClientSource
{
    /// <summary>The named client the server registers for workflow calls.</summary>
    public const string ClientName = "weft.http";

    // One for the process: a client per call would exhaust sockets. Redirects are followed by the
    // activity itself so that every hop's host passes the allow-list; connections are recycled so
    // DNS changes are seen.
    private static readonly Lazy<HttpClient> Shared = new(() => new HttpClient(CreateHandler(), disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>The primary handler the named client should use: no automatic redirects, pooled connections renewed every 2 minutes.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    /// <summary>A client whose own timeout is off: the activity's <c>timeout</c> input and the attempt's token govern.</summary>
    public static HttpClient Get(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService(typeof(IHttpClientFactory)) is not IHttpClientFactory factory) return Shared.Value;
        var client = factory.CreateClient(ClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }
}
