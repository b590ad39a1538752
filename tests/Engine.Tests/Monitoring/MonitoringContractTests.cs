using Weft.Engine.Monitoring;
using Weft.Engine.Monitoring.Alerts;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Monitoring;

/// <summary>
/// What every store's <see cref="IMonitoringQueries"/> and <see cref="IAlertStore"/> must do, on the figures of
/// <see cref="MonitoringScenario"/> (real workflows with known outcomes and durations). A subclass per store.
/// </summary>
public abstract class MonitoringContractTests
{
    private static readonly DateTimeOffset T0 = MonitoringScenario.T0;
    private static readonly MetricsWindow Everything = new(T0, T0.AddHours(3));

    /// <summary>A new, initialized store over an empty database, owned (and disposed) by the calling test.</summary>
    protected abstract Task<IWorkflowStore> CreateStoreAsync();

    private static IMonitoringQueries Queries(IWorkflowStore store) => (IMonitoringQueries)store;

    [Fact]
    public async Task GetWorkflowMetricsAsync_ScenarioWindow_EveryFigureAsRun()
    {
        await using var store = await CreateStoreAsync();
        await new MonitoringScenario().RunAsync(store);

        var workflows = await Queries(store).GetWorkflowMetricsAsync(Everything);

        workflows.Select(w => w.DefinitionId).ShouldBe(["chat", "orders", "waits"]);
        var chat = workflows[0];
        (chat.Runs, chat.Successes, chat.Failures, chat.Cancelled, chat.InProgress, chat.Retries, chat.Tokens).ShouldBe((2L, 2L, 0L, 0L, 0L, 0L, 42L));
        chat.SuccessRate.ShouldBe(1.0);
        ShouldBe(chat.Duration, count: 2, min: 1000, avg: 2000, p50: 1000, p95: 3000, max: 3000, stdev: 1000);

        var orders = workflows[1];
        (orders.Runs, orders.Successes, orders.Failures, orders.Cancelled, orders.InProgress, orders.Retries, orders.Tokens).ShouldBe((3L, 2L, 1L, 0L, 0L, 2L, 0L));
        orders.SuccessRate!.Value.ShouldBe(2.0 / 3, 1e-9);
        orders.FailureRate!.Value.ShouldBe(1.0 / 3, 1e-9);
        // Instances: 300, 600 and 400 ms (creation to end).
        ShouldBe(orders.Duration, count: 3, min: 300, avg: 1300.0 / 3, p50: 400, p95: 600, max: 600, stdev: Math.Sqrt(46666.666666666664 / 3));

        var waits = workflows[2];
        (waits.Runs, waits.Successes, waits.Failures, waits.InProgress).ShouldBe((1L, 0L, 0L, 1L));
        waits.SuccessRate.ShouldBeNull();
        waits.Duration.ShouldBe(DurationStats.Empty);
    }

    [Fact]
    public async Task GetNodeAndActivityMetricsAsync_ScenarioWindow_EveryFigureAsRun()
    {
        await using var store = await CreateStoreAsync();
        await new MonitoringScenario().RunAsync(store);

        var nodes = await Queries(store).GetNodeMetricsAsync(Everything);

        nodes.Select(n => $"{n.DefinitionId}/{n.NodeId}").ShouldBe(["chat/ask", "orders/charge", "orders/fetch", "waits/wait"]);
        var ask = nodes[0];
        (ask.ActivityType, ask.Attempts, ask.Runs, ask.Successes, ask.Failures, ask.Retries, ask.Tokens).ShouldBe(("monitor.work", 2L, 2L, 2L, 0L, 0L, 42L));
        ask.SuccessRate.ShouldBe(1.0);
        ShouldBe(ask.Duration, count: 2, min: 1000, avg: 2000, p50: 1000, p95: 3000, max: 3000, stdev: 1000);

        // charge: 200 ok | 50 retried, 250 ok | 100 retried, 100 failed.
        var charge = nodes[1];
        (charge.Attempts, charge.Runs, charge.Successes, charge.Failures, charge.Retries, charge.Tokens).ShouldBe((5L, 3L, 2L, 1L, 2L, 0L));
        charge.SuccessRate!.Value.ShouldBe(2.0 / 3, 1e-9);
        ShouldBe(charge.Duration, count: 5, min: 50, avg: 140, p50: 100, p95: 250, max: 250, stdev: Math.Sqrt(5400));

        var fetch = nodes[2];
        (fetch.Attempts, fetch.Runs, fetch.Successes, fetch.Failures, fetch.Retries).ShouldBe((3L, 3L, 3L, 0L, 0L));
        ShouldBe(fetch.Duration, count: 3, min: 100, avg: 200, p50: 200, p95: 300, max: 300, stdev: Math.Sqrt(20000.0 / 3));

        // A suspended attempt is neither a run nor timed.
        var wait = nodes[3];
        (wait.ActivityType, wait.Attempts, wait.Runs, wait.SuccessRate).ShouldBe(("signal.wait", 1L, 0L, (double?)null));
        wait.Duration.Count.ShouldBe(0);

        var ofOrders = await Queries(store).GetNodeMetricsAsync(Everything, "orders");
        ofOrders.ShouldBe([charge, fetch]);

        var types = await Queries(store).GetActivityMetricsAsync(Everything);
        types.Select(t => t.ActivityType).ShouldBe(["monitor.work", "signal.wait"]);
        var work = types[0];
        (work.Attempts, work.Runs, work.Successes, work.Failures, work.Retries, work.Tokens).ShouldBe((10L, 8L, 7L, 1L, 2L, 42L));
        work.SuccessRate!.Value.ShouldBe(7.0 / 8, 1e-9);
        // 100 300 200 | 200 50 250 100 100 | 1000 3000, sorted: 50 100 100 100 200 200 250 300 1000 3000.
        ShouldBe(work.Duration, count: 10, min: 50, avg: 530, p50: 200, p95: 3000, max: 3000, stdev: StandardDeviation([100, 300, 200, 200, 50, 250, 100, 100, 1000, 3000]));
    }

    [Fact]
    public async Task GetMetricsAsync_NarrowerWindows_CountOnlyWhatStartedInside()
    {
        await using var store = await CreateStoreAsync();
        var scenario = new MonitoringScenario();
        await scenario.RunAsync(store);
        var queries = Queries(store);

        var firstHour = new MetricsWindow(T0, T0.AddHours(1));
        (await queries.GetWorkflowMetricsAsync(firstHour)).Select(w => w.DefinitionId).ShouldBe(["orders"]);
        (await queries.GetNodeMetricsAsync(firstHour)).Select(n => n.NodeId).ShouldBe(["charge", "fetch"]);
        (await queries.GetActivityMetricsAsync(firstHour)).Single().Attempts.ShouldBe(8);

        // The end is exclusive: chat's instances were created at exactly T0+1h.
        var secondHour = new MetricsWindow(T0.AddHours(1), T0.AddHours(2));
        var chat = (await queries.GetWorkflowMetricsAsync(secondHour, "chat")).ShouldHaveSingleItem();
        chat.Runs.ShouldBe(2);
        (await queries.GetWorkflowMetricsAsync(secondHour, "orders")).ShouldBeEmpty();

        var later = new MetricsWindow(T0.AddHours(3), T0.AddHours(4));
        (await queries.GetWorkflowMetricsAsync(later)).ShouldBeEmpty();
        (await queries.GetNodeMetricsAsync(later)).ShouldBeEmpty();
        (await queries.GetActivityMetricsAsync(later)).ShouldBeEmpty();

        // Suspended at T0+2h: waiting 30 minutes at T0+2h30 — not yet at T0+1h59.
        var suspended = (await queries.GetSuspendedInstancesAsync(T0.AddHours(2), 10)).ShouldHaveSingleItem();
        (suspended.InstanceId, suspended.DefinitionId).ShouldBe((scenario.SuspendedInstanceId, "waits"));
        suspended.Since.ShouldBe(T0.AddHours(2));
        (await queries.GetSuspendedInstancesAsync(T0.AddHours(2).AddMilliseconds(-1), 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AlertStore_OpenResolveAndRules_KeepHistoryAndOneOpenPerSubject()
    {
        await using var store = await CreateStoreAsync();
        var alerts = (IAlertStore)store;

        var first = Alert("a-1", "slow", "orders", T0);
        (await alerts.OpenAlertAsync(first)).ShouldBeTrue();
        (await alerts.OpenAlertAsync(Alert("a-2", "slow", "orders", T0.AddMinutes(1)))).ShouldBeFalse();
        (await alerts.OpenAlertAsync(Alert("a-3", "slow", "chat", T0.AddMinutes(2)))).ShouldBeTrue();

        (await alerts.ListAlertsAsync(new AlertQuery { OpenOnly = true })).Select(a => a.Id).ShouldBe(["a-1", "a-3"]);
        (await alerts.ResolveAlertAsync("a-1", T0.AddMinutes(5), 12.5)).ShouldBeTrue();
        (await alerts.ResolveAlertAsync("a-1", T0.AddMinutes(6), 1)).ShouldBeFalse();
        (await alerts.OpenAlertAsync(Alert("a-4", "slow", "orders", T0.AddMinutes(10)))).ShouldBeTrue();

        (await alerts.ListAlertsAsync(new AlertQuery { OpenOnly = true })).Select(a => a.Id).ShouldBe(["a-3", "a-4"]);
        var history = await alerts.ListAlertsAsync(new AlertQuery());
        history.Select(a => a.Id).ShouldBe(["a-4", "a-3", "a-1"]);
        var resolved = history[2];
        resolved.ShouldBe(first with { ResolvedAt = T0.AddMinutes(5), ResolvedValue = 12.5 });
        (await alerts.ListAlertsAsync(new AlertQuery { Since = T0.AddMinutes(2), Take = 1 })).Select(a => a.Id).ShouldBe(["a-4"]);

        await alerts.SaveAlertRuleAsync(new StoredAlertRule("b", """{"id":"b"}""", T0));
        await alerts.SaveAlertRuleAsync(new StoredAlertRule("a", """{"id":"a"}""", T0));
        await alerts.SaveAlertRuleAsync(new StoredAlertRule("b", """{"id":"b","threshold":2}""", T0.AddMinutes(1)));
        (await alerts.ListAlertRulesAsync()).ShouldBe([
            new StoredAlertRule("a", """{"id":"a"}""", T0),
            new StoredAlertRule("b", """{"id":"b","threshold":2}""", T0.AddMinutes(1))]);
        (await alerts.DeleteAlertRuleAsync("a")).ShouldBeTrue();
        (await alerts.DeleteAlertRuleAsync("a")).ShouldBeFalse();
        (await alerts.ListAlertRulesAsync()).Select(r => r.Id).ShouldBe(["b"]);
    }

    private static AlertRecord Alert(string id, string rule, string subject, DateTimeOffset at) => new()
    {
        Id = id,
        RuleId = rule,
        Kind = "avgDuration",
        Subject = subject,
        Message = $"{subject} is slow",
        Value = 1500,
        Threshold = 1000,
        OpenedAt = at,
    };

    private static void ShouldBe(DurationStats stats, long count, double min, double avg, double p50, double p95, double max, double stdev)
    {
        stats.Count.ShouldBe(count);
        stats.MinMs.ShouldBe(min);
        stats.AvgMs!.Value.ShouldBe(avg, 1e-6);
        stats.P50Ms.ShouldBe(p50);
        stats.P95Ms.ShouldBe(p95);
        stats.MaxMs.ShouldBe(max);
        stats.StdevMs!.Value.ShouldBe(stdev, 1e-6);
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
