using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Weft.ServiceDefaults.Resilience;

/// <summary>
/// Builds the <see cref="ResiliencePipeline{T}"/> a <see cref="ResilienceHandler"/> runs each request through, in the order
/// Microsoft's standard resilience handler uses: total timeout → retry → circuit breaker → attempt timeout.
/// </summary>
internal static partial class HttpResiliencePipeline
{
    /// <summary>Set per request by the handler: whether this request may be sent more than once.</summary>
    public static readonly ResiliencePropertyKey<bool> MayRetry = new("Weft.Resilience.MayRetry");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpResilienceOptions options, ILogger logger, string target)
    {
        var time = builder.TimeProvider ?? TimeProvider.System;
        if (IsOn(options.TotalTimeout))
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => new ValueTask<bool>(
                    args.Context.Properties.GetValue(MayRetry, false) && TransientHttp.IsTransient(args.Outcome)),
                // null falls back to the exponential back-off.
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    RetryAfter.Delay(args.Outcome.Result, options.MaxRetryAfter, time)),
                OnRetry = args =>
                {
                    Log.Retrying(logger, target, args.AttemptNumber + 1, args.RetryDelay,
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name);
                    return default;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.FailureRatio,
            SamplingDuration = options.SamplingDuration,
            MinimumThroughput = options.MinimumThroughput,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => new ValueTask<bool>(TransientHttp.IsTransient(args.Outcome)),
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, target, args.BreakDuration);
                return default;
            },
        });
        if (IsOn(options.AttemptTimeout))
            builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>Zero or <see cref="Timeout.InfiniteTimeSpan"/> turns a timeout off.</summary>
    private static bool IsOn(TimeSpan timeout) => timeout > TimeSpan.Zero;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "HTTP attempt to {Target} failed ({Outcome}); retry {Retry} in {Delay}")]
        public static partial void Retrying(ILogger logger, string target, int retry, TimeSpan delay, string? outcome);

        [LoggerMessage(2, LogLevel.Warning, "HTTP circuit for {Target} opened for {BreakDuration}: its requests fail at once until then")]
        public static partial void CircuitOpened(ILogger logger, string target, TimeSpan breakDuration);
    }
}
