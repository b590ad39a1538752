using Microsoft.Extensions.Options;
using Weft.Engine.Monitoring.Alerts;

namespace Weft.WorkflowServer.Monitoring;

/// <summary>
/// Evaluates the alert rules continuously: at start, then every <see cref="AlertOptions.EvaluationInterval"/> as the
/// server's <see cref="TimeProvider"/> counts it, at that provider's "now". One evaluation at a time. Tests wait for the
/// evaluation of a given moment with <see cref="WaitForEvaluationAsync"/> instead of sleeping.
/// </summary>
public sealed class AlertMonitor(
    AlertRuleCatalog rules,
    AlertEvaluator evaluator,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertMonitor> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _waitersLock = new();
    private readonly List<(DateTimeOffset AtOrAfter, TaskCompletionSource<AlertEvaluation> Done)> _waiters = [];

    /// <summary>The last evaluation, null before the first.</summary>
    public AlertEvaluation? Last { get; private set; }

    /// <summary>Evaluates every enabled rule now.</summary>
    public async Task<AlertEvaluation> EvaluateNowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        AlertEvaluation evaluation;
        try
        {
            var enabled = await rules.EnabledAsync(cancellationToken).ConfigureAwait(false);
            evaluation = await evaluator.EvaluateAsync(enabled, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            Last = evaluation;
        }
        finally
        {
            _gate.Release();
        }

        lock (_waitersLock)
        {
            foreach (var waiter in _waiters.Where(w => evaluation.At >= w.AtOrAfter).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(evaluation);
            }
        }
        return evaluation;
    }

    /// <summary>Completes with the first evaluation made at or after <paramref name="atOrAfter"/> (by the server's clock) that ends from now on.</summary>
    public Task<AlertEvaluation> WaitForEvaluationAsync(DateTimeOffset atOrAfter, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<AlertEvaluation>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
            _waiters.Add((atOrAfter, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateNowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(error, "Evaluating the alert rules failed; trying again in {Interval}.", options.Value.EvaluationInterval);
            }

            try
            {
                await Task.Delay(options.Value.EvaluationInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
