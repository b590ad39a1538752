using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Weft.Studio.Tests.EndToEnd;

/// <summary>
/// The Monitoring page in real Chromium against its own real workflow server (a stack of its own, so the figures count
/// only this test's runs): workflows with known outcomes, the figures the page shows against the metrics API, a rule the
/// server refuses (its message on the field), a failure-rate rule that opens an alert, and the rule deleted again.
/// </summary>
public sealed class MonitoringEndToEndTests(StudioStack stack) : IClassFixture<StudioStack>
{
    private static readonly LocatorAssertionsToBeVisibleOptions AlertWait = new() { Timeout = 30_000 };

    [ChromiumFact]
    public async Task Monitoring_KnownOutcomesAndRules_FiguresMatchAndAlertOpensAndResolves()
    {
        using var client = stack.Server.CreateClient();
        await ImportAsync(client, "mon-ok", new JsonObject { ["id"] = "say", ["type"] = "log", ["inputs"] = new JsonObject { ["message"] = "fine" } });
        await ImportAsync(client, "mon-fail", new JsonObject { ["id"] = "boom", ["type"] = "flow.fail", ["inputs"] = new JsonObject { ["message"] = "always fails" } });
        await RunAsync(client, "mon-ok", "mon-ok-1", "Completed");
        await RunAsync(client, "mon-ok", "mon-ok-2", "Completed");
        await RunAsync(client, "mon-fail", "mon-fail-1", "Faulted");

        var page = await stack.NewPageAsync();
        await page.GotoAsync("/workflows");
        await page.GetByTestId("nav-monitoring").ClickAsync();
        await Assertions.Expect(page.GetByTestId("monitoring-page")).ToBeVisibleAsync();

        // What the page shows is what the metrics API answers, and that is what ran: 2 of 2 succeeded, 1 of 1 failed.
        var metrics = await client.GetFromJsonAsync<JsonObject>("/api/metrics/workflows?window=1d");
        var byId = metrics!["workflows"]!.AsArray().ToDictionary(w => w!["definitionId"]!.GetValue<string>(), w => w!);
        byId["mon-ok"]["successRate"]!.GetValue<double>().ShouldBe(1);
        byId["mon-fail"]["failures"]!.GetValue<long>().ShouldBe(1);
        foreach (var (id, runs, successes, failures, rate) in new[] { ("mon-ok", "2", "2", "0", "100.0%"), ("mon-fail", "1", "0", "1", "0.0%") })
        {
            await Assertions.Expect(page.GetByTestId($"wf-runs-{id}")).ToHaveTextAsync(runs);
            await Assertions.Expect(page.GetByTestId($"wf-successes-{id}")).ToHaveTextAsync(successes);
            await Assertions.Expect(page.GetByTestId($"wf-failures-{id}")).ToHaveTextAsync(failures);
            await Assertions.Expect(page.GetByTestId($"wf-rate-{id}")).ToHaveTextAsync(rate);
            byId[id]["runs"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(runs);
        }
        await Assertions.Expect(page.GetByTestId("chart-bar-mon-fail")).ToContainTextAsync("0.0%");
        // The p95 chart: durations are whole milliseconds, so a p95 under a second is written "<n> ms".
        var p95 = byId["mon-ok"]["duration"]!["p95Ms"]!.GetValue<double>();
        p95.ShouldBeLessThan(1000);
        await page.GetByTestId("chart-p95").ClickAsync();
        await Assertions.Expect(page.GetByTestId("chart-bar-mon-ok")).ToContainTextAsync($"{p95.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms");

        // The last hour holds the same runs; a custom window that ends before it starts is refused on its field.
        await page.GetByTestId("window-choice").SelectOptionAsync("1h");
        await Assertions.Expect(page.GetByTestId("wf-runs-mon-ok")).ToHaveTextAsync("2");
        await page.GetByTestId("window-choice").SelectOptionAsync("custom");
        await page.GetByTestId("window-from").FillAsync("2026-03-01T09:00");
        await page.GetByTestId("window-to").FillAsync("2026-03-01T08:00");
        await Assertions.Expect(page.GetByTestId("window-error-to")).ToBeVisibleAsync();
        await page.GetByTestId("window-choice").SelectOptionAsync("24h");

        // Drill-down: the failing workflow's node, and the activity types over every workflow.
        await page.GetByTestId("drill-mon-fail").ClickAsync();
        var node = page.GetByTestId("node-row-boom");
        await Assertions.Expect(node).ToContainTextAsync("flow.fail");
        await Assertions.Expect(node.Locator("td").Nth(5)).ToHaveTextAsync("1"); // failures
        await Assertions.Expect(page.GetByTestId("activity-row-log").Locator("td").Nth(3)).ToHaveTextAsync("2"); // successes

        // A threshold the server cannot read: its 400 message is shown on the threshold field.
        var badRule = new { id = "bad-threshold", metric = "failureRate", threshold = "lots" };
        var refused = await client.PostAsJsonAsync("/api/alerts/rules", badRule);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("field").GetString().ShouldBe("$.threshold");
        await page.GetByTestId("rule-id").FillAsync(badRule.id);
        await page.GetByTestId("rule-metric").SelectOptionAsync(badRule.metric);
        await page.GetByTestId("rule-threshold").FillAsync(badRule.threshold);
        await page.GetByTestId("create-rule").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-error-threshold")).ToHaveTextAsync(problem.GetProperty("detail").GetString()!);
        await Assertions.Expect(page.GetByTestId("rule-row-bad-threshold")).ToHaveCountAsync(0);

        // A failure rate above 50% over the last hour for mon-fail (100%): the evaluator opens an alert the page shows.
        await page.GetByTestId("rule-id").FillAsync("mon-fail-failing");
        await page.GetByTestId("rule-workflow").FillAsync("mon-fail");
        await page.GetByTestId("rule-window").FillAsync("1h");
        await page.GetByTestId("rule-threshold").FillAsync("50");
        await page.GetByTestId("create-rule").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-row-mon-fail-failing")).ToContainTextAsync("failureRate");
        await Assertions.Expect(page.GetByTestId("rule-error-threshold")).ToHaveCountAsync(0);
        var alert = page.GetByTestId("open-alert-mon-fail-failing");
        await Assertions.Expect(alert).ToBeVisibleAsync(AlertWait);
        await Assertions.Expect(alert).ToContainTextAsync("mon-fail");
        await Assertions.Expect(page.GetByTestId("open-alert-value-mon-fail-failing")).ToHaveTextAsync("100%");
        await Assertions.Expect(page.Locator("[data-testid^='alert-history-']").Filter(new() { HasText = "mon-fail-failing" })).ToHaveCountAsync(1);
        // The page scrolls inside the app shell: one screenshot of its top (window, figures, chart), one of its end (alerts, rules).
        await page.GetByTestId("monitoring-page").EvaluateAsync("element => element.scrollTop = 0");
        await Screenshots.SaveAsync(page, "monitoring");
        await page.GetByTestId("monitoring-page").EvaluateAsync("element => element.scrollTop = element.scrollHeight");
        await Screenshots.SaveAsync(page, "monitoring-alerts");

        // Deleted, the rule's alert resolves at the next evaluation and stays in the history.
        await page.GetByTestId("delete-rule-mon-fail-failing").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-row-mon-fail-failing")).ToHaveCountAsync(0);
        await Assertions.Expect(alert).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid^='alert-history-']").Filter(new() { HasText = "mon-fail-failing" }))
            .Not.ToContainTextAsync("open", new() { Timeout = 30_000 });
        (await client.GetFromJsonAsync<JsonObject>("/api/alerts"))!["alerts"]!.AsArray().Count.ShouldBe(0);
    }

    private static async Task ImportAsync(HttpClient client, string id, JsonObject node)
    {
        var workflow = new JsonObject { ["id"] = id, ["nodes"] = new JsonArray(node), ["edges"] = new JsonArray() };
        (await client.PostAsJsonAsync("/api/definitions/import?publish=true", workflow)).EnsureSuccessStatusCode();
    }

    private async Task RunAsync(HttpClient client, string definitionId, string instanceId, string expected)
    {
        (await client.PostAsJsonAsync("/api/instances", new { definitionId, instanceId })).EnsureSuccessStatusCode();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (await stack.Server.Workflows.WaitAsync(instanceId, cancellationToken: wait.Token)).Status.ToString().ShouldBe(expected);
    }
}
