using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Weft.ServiceDefaults.Resilience;

/// <summary>
/// Runs each request of one named HttpClient through its resilience pipeline. Pipelines live in a singleton registry keyed by
/// client name and target authority, not in the handler: the factory recycles handlers every few minutes and a circuit's state
/// must outlive that, and one host failing must not open the circuit for another host called through the same client.
/// </summary>
internal sealed class ResilienceHandler(
    string clientName,
    ResiliencePipelineRegistry<ResiliencePipelineKey> registry,
    IOptionsMonitor<HttpResilienceOptions> optionsMonitor,
    ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var options = optionsMonitor.Get(clientName);
        var key = new ResiliencePipelineKey(clientName, request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "");
        var pipeline = registry.GetOrAddPipeline<HttpResponseMessage>(key, builder => HttpResiliencePipeline.Configure(builder, options, logger, key.ToString()));

        var mayRetry = options.MaxRetryAttempts > 0 && (TransientHttp.IsIdempotent(request.Method) || options.RetryNonIdempotent ||
            (request.Options.TryGetValue(WeftResilience.RetryNonIdempotent, out var perRequest) && perRequest));
        // Only a request that may be sent again pays for buffering its body.
        var buffered = mayRetry ? await BufferedRequest.CreateAsync(request, cancellationToken).ConfigureAwait(false) : null;

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpResiliencePipeline.MayRetry, mayRetry);
        try
        {
            var response = await pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    var attempt = state.Buffered?.CreateAttempt() ?? state.Request;
                    return await state.Handler.SendAttemptAsync(attempt, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (Handler: this, Request: request, Buffered: buffered)).ConfigureAwait(false);
            // The caller sees its own request on the response, not the per-attempt copy.
            response.RequestMessage = request;
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage attempt, CancellationToken cancellationToken) =>
        base.SendAsync(attempt, cancellationToken);
}

/// <summary>One pipeline (and so one circuit) per client name and target scheme://host:port.</summary>
internal readonly record struct ResiliencePipelineKey(string ClientName, string Authority)
{
    public override string ToString() => ClientName.Length == 0 ? Authority : $"{Authority} (client {ClientName})";
}
