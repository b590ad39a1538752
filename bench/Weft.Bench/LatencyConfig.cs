using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Weft.Bench;

/// <summary>
/// One operation per iteration, so BenchmarkDotNet's percentiles are per-operation latencies (p50, p95,
/// p99) rather than percentiles of averages. No forced GC between iterations: a full collection before
/// every operation would evict the caches a server doing back-to-back searches keeps warm. Suits
/// operations of 100 µs and more.
/// </summary>
internal sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithGcForce(false).WithWarmupCount(30).WithIterationCount(400).WithId("latency"));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new P99Column());
    }

    private sealed class P99Column : IColumn
    {
        public string Id => "P99";
        public string ColumnName => "P99";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 100;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => "99th percentile of the per-operation time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null) return "NA";
            var microseconds = statistics.Percentiles.Percentile(99) / 1000.0;
            return microseconds.ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + " μs";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
