using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Monitoring.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests.Monitoring;

/// <summary>
/// Alert rules from configuration and the API, evaluated continuously by the server on a <see cref="ManualClock"/> the
/// test advances: alerts open and resolve at the right moments, with history and telemetry.
/// </summary>
public sealed class AlertTests
{
    [Fact]
    public async Task AlertMonitor_FailureRateAndDurationRules_OpenAndResolveAsTheWindowMoves()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var failing = $"pay-failing-{suffix}";
        var slow = $"slow-pay-{suffix}";
        await using var telemetry = new TelemetryCapture(failing, slow);
        await using var server = await MonitoringServer.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:Alerts:Rules:0:Id"] = slow,
            ["Weft:Alerts:Rules:0:Metric"] = "avgDuration",
            ["Weft:Alerts:Rules:0:Workflow"] = "pay",
            ["Weft:Alerts:Rules:0:Window"] = "1h",
            ["Weft:Alerts:Rules:0:Threshold"] = "250ms",
        });
        await server.SaveAsync(MonitoringServer.Pay);
        var created = await server.Client.PostJsonAsync("api/alerts/rules",
            $$"""{ "id": "{{failing}}", "metric": "failureRate", "workflow": "pay", "window": "1h", "threshold": "40%" }""");
        (await created.ShouldBeJsonAsync(HttpStatusCode.Created))["source"]!.GetValue<string>().ShouldBe("api");

        // T0: a failed run of 300 ms → failure rate 100% > 40%, average 300 ms > 250 ms.
        // (The monitor also evaluates on its own every 50 ms: an alert a run causes may open at the run's end or at
        // the evaluation the test waits for, 1 ms later. Transitions the clock alone causes are exact.)
        await server.PayAsync(200, 50, 2, InstanceStatus.Faulted);
        await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1));
        var open = await OpenAlertsAsync(server);
        open.Select(a => a["ruleId"]!.GetValue<string>()).Order().ShouldBe([failing, slow]);
        var failureAlert = open.Single(a => a["ruleId"]!.GetValue<string>() == failing);
        failureAlert["subject"]!.GetValue<string>().ShouldBe("pay");
        failureAlert["kind"]!.GetValue<string>().ShouldBe("failureRate");
        failureAlert["value"]!.GetValue<double>().ShouldBe(100);
        failureAlert["threshold"]!.GetValue<double>().ShouldBe(40);
        failureAlert["openedAt"]!.GetValue<DateTimeOffset>().ShouldBeOneOf(MonitoringServer.T0.AddMilliseconds(300), MonitoringServer.T0.AddMilliseconds(301));
        failureAlert["message"]!.GetValue<string>().ShouldContain("failed 1 of 1 runs");
        open.Single(a => a["ruleId"]!.GetValue<string>() == slow)["value"]!.GetValue<double>().ShouldBe(300);
        var gauge = server.Host.Services.GetRequiredService<AlertTelemetry>(); // what weft.alerts.open reports
        gauge.OpenCount.ShouldBe(2);

        // T0+30m: a successful run → 50% still above 40%: the same alert stays open.
        server.Clock.Set(MonitoringServer.T0.AddMinutes(30));
        await server.PayAsync(100, 200, 0, InstanceStatus.Completed);
        await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1));
        (await OpenAlertsAsync(server)).Select(a => a["id"]!.GetValue<string>()).Order()
            .ShouldBe(open.Select(a => a["id"]!.GetValue<string>()).Order());

        // At T0+1h the failed run (created at T0) is still in the hour's window; 1 ms later it is not: 0% → resolved.
        // The average is still 300 ms: that alert stays open.
        server.Clock.Set(MonitoringServer.T0.AddHours(1));
        (await server.EvaluateAfterAsync(TimeSpan.Zero)).Resolved.ShouldBeEmpty();
        var third = await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1));
        var resolved = third.Resolved.ShouldHaveSingleItem();
        (resolved.RuleId, resolved.ResolvedAt, resolved.ResolvedValue).ShouldBe((failing, MonitoringServer.T0.AddHours(1).AddMilliseconds(1), 0.0));
        (await (await server.Client.GetAsync("api/alerts")).ShouldBeJsonAsync(HttpStatusCode.OK))["alerts"]!.AsArray()
            .Select(a => a!["ruleId"]!.GetValue<string>()).ShouldBe([slow]);
        gauge.OpenCount.ShouldBe(1);

        var history = (await (await server.Client.GetAsync("api/alerts/history")).ShouldBeJsonAsync(HttpStatusCode.OK))["alerts"]!.AsArray();
        var past = history.Single(a => a!["ruleId"]!.GetValue<string>() == failing)!;
        past["resolvedAt"]!.GetValue<DateTimeOffset>().ShouldBe(MonitoringServer.T0.AddHours(1).AddMilliseconds(1));

        // Deleting the API rule is allowed; the configuration rule is not. Nothing left open for the deleted rule.
        (await server.Client.DeleteAsync($"api/alerts/rules/{failing}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Client.DeleteAsync($"api/alerts/rules/{slow}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id");

        telemetry.Transitions(failing).ShouldBe(["opened", "resolved"]);
        telemetry.Transitions(slow).ShouldBe(["opened"]);
        telemetry.Events(failing).ShouldBe(["weft.alert.opened", "weft.alert.resolved"]);
    }

    [Fact]
    public async Task AlertMonitor_SuspendedAndStalledRules_OpenAfterTheThresholdAndResolveWhenCleared()
    {
        await using var server = await MonitoringServer.StartAsync();
        await server.SaveAsync(Workflows.WaitForSignal("waits", "go"));
        await server.SaveAsync(Workflows.Hello("unserved", queue: "nobody"));
        (await server.Client.PutJsonAsync("api/alerts/rules/stuck", """{ "metric": "suspendedFor", "threshold": "10m" }""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Client.PutJsonAsync("api/alerts/rules/stalled", """{ "metric": "queueStalled", "queue": "nobody" }""")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var waiting = await server.RunAsync("waits", null, InstanceStatus.Suspended);
        var suspendedAt = server.Clock.GetUtcNow();
        // Exactly ten minutes is not longer than ten minutes.
        (await server.EvaluateAfterAsync(TimeSpan.FromMinutes(10))).Opened.ShouldBeEmpty();
        var opened = (await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1))).Opened.ShouldHaveSingleItem();
        (opened.RuleId, opened.Subject, opened.Value).ShouldBe(("stuck", waiting, TimeSpan.FromMinutes(10).TotalMilliseconds + 1));
        opened.OpenedAt.ShouldBe(suspendedAt.AddMinutes(10).AddMilliseconds(1));

        (await server.Host.Workflows.SignalAsync(waiting, "go", new JsonObject { ["ok"] = true })).ShouldBe(Weft.Engine.Storage.SignalDelivery.Accepted);
        (await server.Host.Workflows.WaitAsync(waiting).WaitAsync(TimeSpan.FromSeconds(30))).Status.ShouldBe(InstanceStatus.Completed);
        await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1));
        (await OpenAlertsAsync(server)).ShouldBeEmpty();
        var history = await HistoryAsync(server);
        // Resolved by the first evaluation after the instance completed: the monitor's own, or the one the test waited for.
        history.ShouldHaveSingleItem()["resolvedAt"]!.GetValue<DateTimeOffset>()
            .ShouldBeOneOf(server.Clock.GetUtcNow().AddMilliseconds(-1), server.Clock.GetUtcNow());

        // No worker serves "nobody": the instance waits there and the queue is stalled until a worker for it starts.
        var started = await server.Host.Workflows.StartAsync(new StartRequest { DefinitionId = "unserved", AllowDraft = true, Input = new JsonObject { ["name"] = "x" } });
        await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1));
        var stalled = (await OpenAlertsAsync(server)).ShouldHaveSingleItem();
        (stalled["ruleId"]!.GetValue<string>(), stalled["subject"]!.GetValue<string>(), stalled["value"]!.GetValue<double>()).ShouldBe(("stalled", "nobody", 1.0));
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        await using (var worker = new WorkflowRuntime(server.Host.Store, registry,
            new WorkflowRuntimeOptions { Queues = ["nobody"], PollInterval = TimeSpan.FromMilliseconds(50) }, loggerFactory: null, time: server.Clock))
        {
            await worker.StartAsync();
            (await worker.Client.WaitAsync(started.InstanceId).WaitAsync(TimeSpan.FromSeconds(30))).Status.ShouldBe(InstanceStatus.Completed);
        }
        await server.EvaluateAfterAsync(TimeSpan.FromMilliseconds(1));
        (await OpenAlertsAsync(server)).ShouldBeEmpty();
        (await HistoryAsync(server)).Select(a => a["ruleId"]!.GetValue<string>()).ShouldBe(["stalled", "stuck"]);
    }

    private static async Task<List<JsonNode>> OpenAlertsAsync(MonitoringServer server) =>
        (await (await server.Client.GetAsync("api/alerts")).ShouldBeJsonAsync(HttpStatusCode.OK))["alerts"]!.AsArray().Select(a => a!).ToList();

    private static async Task<List<JsonNode>> HistoryAsync(MonitoringServer server) =>
        (await (await server.Client.GetAsync("api/alerts/history")).ShouldBeJsonAsync(HttpStatusCode.OK))["alerts"]!.AsArray().Select(a => a!).ToList();

    [Theory]
    [InlineData("""{ "id": "r", "metric": "latency", "threshold": 5 }""", "$.metric")]
    [InlineData("""{ "id": "r", "metric": "failureRate", "window": "-5m", "threshold": 5 }""", "$.window")]
    [InlineData("""{ "id": "r", "metric": "failureRate", "window": "soon", "threshold": 5 }""", "$.window")]
    [InlineData("""{ "id": "r", "metric": "failureRate", "threshold": "lots" }""", "$.threshold")]
    [InlineData("""{ "id": "r", "metric": "failureRate", "threshold": 150 }""", "$.threshold")]
    [InlineData("""{ "id": "r", "metric": "p95Duration", "threshold": "fast" }""", "$.threshold")]
    [InlineData("""{ "id": "r", "metric": "p95Duration" }""", "$.threshold")]
    [InlineData("""{ "id": "r", "metric": "queueStalled", "threshold": 3 }""", "$.threshold")]
    [InlineData("""{ "id": "r", "metric": "failureRate", "threshold": 5, "minRuns": 0 }""", "$.minRuns")]
    [InlineData("""{ "id": "r", "metric": "failureRate", "threshold": 5, "treshold": 5 }""", "$.treshold")]
    [InlineData("""{ "id": "r", "metric": "nodeSuccessRate", "node": "charge", "threshold": 5 }""", "$.workflow")]
    [InlineData("""{ "id": "has space", "metric": "failureRate", "threshold": 5 }""", "$.id")]
    [InlineData("""{ "metric": "failureRate", "threshold": 5 }""", "$.id")]
    [InlineData("""[1]""", "$")]
    public async Task PostRule_BadRule_ProblemNamingTheField(string json, string field)
    {
        await using var server = await MonitoringServer.StartAsync();

        await (await server.Client.PostJsonAsync("api/alerts/rules", json)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);

        var rules = await (await server.Client.GetAsync("api/alerts/rules")).ShouldBeJsonAsync(HttpStatusCode.OK);
        rules["rules"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Rules_Crud_ListsBothSourcesAndGuardsConfiguration()
    {
        await using var server = await MonitoringServer.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:Alerts:Rules:0:id"] = "configured",
            ["Weft:Alerts:Rules:0:metric"] = "nodeSuccessRate",
            ["Weft:Alerts:Rules:0:workflow"] = "pay",
            ["Weft:Alerts:Rules:0:node"] = "charge",
            ["Weft:Alerts:Rules:0:threshold"] = "95",
            ["Weft:Alerts:Rules:0:minRuns"] = "5",
        });

        var put = await (await server.Client.PutJsonAsync("api/alerts/rules/p95", """{ "metric": "p95Duration", "workflow": "pay", "window": "00:15:00", "threshold": 1500 }"""))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        (put["window"]!.GetValue<string>(), put["threshold"]!.GetValue<string>()).ShouldBe(("15m", "1500ms"));
        await (await server.Client.PostJsonAsync("api/alerts/rules", """{ "id": "p95", "metric": "queueStalled" }""")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "$.id");
        await (await server.Client.PostJsonAsync("api/alerts/rules", """{ "id": "configured", "metric": "queueStalled" }""")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "$.id");
        await (await server.Client.PutJsonAsync("api/alerts/rules/configured", """{ "metric": "queueStalled" }""")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id");
        await (await server.Client.PutJsonAsync("api/alerts/rules/p95", """{ "id": "other", "metric": "queueStalled" }""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.id");

        var rules = (await (await server.Client.GetAsync("api/alerts/rules")).ShouldBeJsonAsync(HttpStatusCode.OK))["rules"]!.AsArray();
        rules.Select(r => $"{r!["id"]}:{r["source"]}").ShouldBe(["configured:configuration", "p95:api"]);
        var configured = rules[0]!;
        (configured["node"]!.GetValue<string>(), configured["threshold"]!.GetValue<double>(), configured["minRuns"]!.GetValue<int>(), configured["window"]!.GetValue<string>())
            .ShouldBe(("charge", 95.0, 5, "1h"));
        (await server.Client.GetAsync("api/alerts/rules/p95")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await server.Client.DeleteAsync("api/alerts/rules/p95")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Client.DeleteAsync("api/alerts/rules/p95")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await server.Client.GetAsync("api/alerts/rules/p95")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task StartAsync_BadConfiguredRule_FailsNamingTheKey()
    {
        var error = await Should.ThrowAsync<AlertRuleException>(() => MonitoringServer.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:Alerts:Rules:0:id"] = "bad",
            ["Weft:Alerts:Rules:0:metric"] = "failureRate",
            ["Weft:Alerts:Rules:0:threshold"] = "abc",
        }));

        error.Field.ShouldBe("Weft:Alerts:Rules:0:threshold");
    }

    /// <summary>Listens to Weft.Monitoring's counter and spans, keeping only what concerns the given rules (tests run in parallel).</summary>
    private sealed class TelemetryCapture : IAsyncDisposable
    {
        private readonly MeterListener _meters = new();
        private readonly ActivityListener _spans;
        private readonly HashSet<string> _rules;
        private readonly ConcurrentQueue<(string Rule, string Transition)> _transitions = new();
        private readonly ConcurrentQueue<(string Rule, string Event)> _events = new();

        public TelemetryCapture(params string[] rules)
        {
            _rules = [.. rules];
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AlertTelemetry.Name && instrument.Name == "weft.alerts.transitions")
                    listener.EnableMeasurementEvents(instrument);
            };
            _meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? rule = null, transition = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "weft.alert.rule") rule = tag.Value as string;
                    if (tag.Key == "weft.alert.transition") transition = tag.Value as string;
                }
                if (rule is not null && transition is not null && _rules.Contains(rule)) _transitions.Enqueue((rule, transition));
            });
            _meters.Start();
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AlertTelemetry.Name,
                Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    foreach (var e in activity.Events)
                    {
                        if (e.Tags.FirstOrDefault(t => t.Key == "weft.alert.rule").Value is string rule && _rules.Contains(rule))
                            _events.Enqueue((rule, e.Name));
                    }
                },
            };
            ActivitySource.AddActivityListener(_spans);
        }

        public IReadOnlyList<string> Transitions(string rule) => _transitions.Where(t => t.Rule == rule).Select(t => t.Transition).ToList();

        public IReadOnlyList<string> Events(string rule) => _events.Where(t => t.Rule == rule).Select(t => t.Event).ToList();

        public ValueTask DisposeAsync()
        {
            _meters.Dispose();
            _spans.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
