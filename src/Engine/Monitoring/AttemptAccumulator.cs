namespace Weft.Engine.Monitoring;

/// <summary>
/// One group's attempt figures (a node, or an activity type), summed row by row while a store scans a window's journal
/// rows once, in index order, for every group at the same time. This replaces a GROUP BY whose sort of the whole window by
/// text keys cost far more than the scan; percentiles stay exact: each group keeps its durations and sorts only them.
/// </summary>
internal sealed class AttemptAccumulator(string activityType)
{
    private readonly List<double> _durations = [];
    private long _attempts;
    private long _successes;
    private long _failures;
    private long _retries;
    private long _tokens;
    private double _realTokens;
    private bool _hasRealTokens;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _sum;
    private double _sumOfSquares;

    /// <summary>The group's activity type: for a node, the greatest seen (the store tracks it, as SQL's max()).</summary>
    public string ActivityType { get; set; } = activityType;

    /// <summary>Counts one attempt; <paramref name="ms"/> is its duration when it finished (null otherwise).</summary>
    public void Add(AttemptStatus status, double? ms)
    {
        _attempts++;
        switch (status)
        {
            case AttemptStatus.Completed: _successes++; break;
            case AttemptStatus.Failed: _failures++; break;
            case AttemptStatus.Retrying: _retries++; break;
            default: break;
        }
        if (ms is not { } value)
            return;
        _durations.Add(value);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _sum += value;
        _sumOfSquares += value * value;
    }

    public void AddTokens(long tokens) => _tokens += tokens;

    /// <summary>Tokens reported as a JSON real: the sum becomes real, as SQL's sum() over mixed values.</summary>
    public void AddTokens(double tokens)
    {
        _realTokens += tokens;
        _hasRealTokens = true;
    }

    public NodeMetrics ToNode(string definitionId, string nodeId)
    {
        var (runs, rate, tokens, duration) = Totals();
        return new NodeMetrics(definitionId, nodeId, ActivityType, _attempts, runs, _successes, _failures, _retries, rate, tokens, duration);
    }

    public ActivityTypeMetrics ToActivityType()
    {
        var (runs, rate, tokens, duration) = Totals();
        return new ActivityTypeMetrics(ActivityType, _attempts, runs, _successes, _failures, _retries, rate, tokens, duration);
    }

    private (long Runs, double? Rate, long Tokens, DurationStats Duration) Totals()
    {
        var runs = _successes + _failures;
        double? rate = runs == 0 ? null : (double)_successes / runs;
        var tokens = _hasRealTokens ? Convert.ToInt64(_tokens + _realTokens) : _tokens;
        return (runs, rate, tokens, Durations());
    }

    private DurationStats Durations()
    {
        var n = _durations.Count;
        if (n == 0)
            return DurationStats.Empty;
        _durations.Sort();
        // Nearest rank ⌈p·n⌉ in integers: p50 → (n + 1) / 2, p95 → (95n + 99) / 100 (1-based), as percentile_disc.
        var p50 = _durations[((n + 1) / 2) - 1];
        var p95 = _durations[((95 * n + 99) / 100) - 1];
        return DurationStats.From(n, _min, _max, _sum, _sumOfSquares, p50, p95);
    }
}

/// <summary>The journal statuses the attempt metrics count (others are attempts only).</summary>
internal enum AttemptStatus
{
    Other,
    Completed,
    Failed,
    Retrying,
}
