namespace Weft.ServiceDefaults.Resilience;

/// <summary>
/// How <see cref="Microsoft.Extensions.DependencyInjection.HttpResilienceExtensions.AddWeftResilience"/> treats each request of a
/// client. The strategies nest, outermost first: total timeout → retry → circuit breaker → attempt timeout → the network.
/// Options are named after the HttpClient (<c>services.Configure&lt;HttpResilienceOptions&gt;("name", ...)</c> works too).
/// </summary>
public sealed class HttpResilienceOptions
{
    /// <summary>
    /// The whole request, every attempt and every wait between them included. Default: 30 seconds.
    /// When it fires the caller gets a <see cref="Polly.Timeout.TimeoutRejectedException"/>. <see cref="Timeout.InfiniteTimeSpan"/>
    /// (or zero) turns it off — HttpClient.Timeout (100 s unless set) still applies.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One attempt, up to the response headers (the body is read after the pipeline). A timed-out attempt is a transient
    /// failure: it is retried and counts against the circuit. Default: 10 seconds — too short for a model that answers a
    /// long completion in one response: give such clients their own value. <see cref="Timeout.InfiniteTimeSpan"/> (or zero)
    /// turns it off.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt; 0 turns retries off. Default: 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The first back-off; later ones grow exponentially (×2) with jitter so that many clients do not retry in step.
    /// Default: 200 milliseconds.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A <c>Retry-After</c> header (on 429 or 503, as seconds or a date) replaces the back-off, but is never waited longer than
    /// this: a server asking for an hour gets retried after this cap instead of holding the caller. Default: 10 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retry POST and PATCH as well. Default: false — only GET, HEAD, OPTIONS, PUT, DELETE (and TRACE) are retried, because a
    /// failed or timed-out POST may already have taken effect on the server (started a workflow, charged a card) and sending it
    /// again would do it twice. Turn it on for a client whose endpoints are idempotent (e.g. they honour an Idempotency-Key),
    /// or per request with <see cref="WeftResilience.RetryNonIdempotent"/>.
    /// </summary>
    public bool RetryNonIdempotent { get; set; }

    /// <summary>
    /// The circuit opens when at least this share of the sampled requests failed transiently. Default: 0.5 (50 %).
    /// </summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The window the failure ratio is measured over. Default: 30 seconds.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests the window must have seen before the circuit may open, so that two failures out of two do not cut a quiet
    /// client off. Default: 10.
    /// </summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>
    /// How long an open circuit fails requests at once (<see cref="Polly.CircuitBreaker.BrokenCircuitException"/>, nothing
    /// sent) before letting one trial request through. Default: 15 seconds.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
