using Microsoft.Extensions.Options;
using Weft.Studio.Hosting;

namespace Weft.Studio.Forwarding;

/// <summary>
/// The one connection pool to the workflow server. Deliberately not an IHttpClientFactory client: those get the service
/// defaults' resilience handler, which buffers request bodies (to resend them) and puts a total timeout on every request —
/// wrong for a forwarder whose event streams stay open for hours and whose retries are the browser's to decide.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    public ServerConnection(IOptions<StudioOptions> options)
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,            // cookies pass through as headers
            AllowAutoRedirect = false,     // redirects are the browser's to follow
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = options.Value.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ActivityHeadersPropagator = null, // the incoming traceparent header is forwarded as it is
        });
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
