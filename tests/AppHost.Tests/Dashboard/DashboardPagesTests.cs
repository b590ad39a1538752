using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Weft.AppHost.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>Real headless Chromium drives every dashboard page against a test catalog and real SDK exports.</summary>
public sealed class DashboardPagesTests
{
    private static async Task<DashboardHost> StartWithResourcesAsync()
    {
        var host = await DashboardHost.StartAsync();
        host.Catalog.Set(TestResourceCatalog.Resource("workflow-server", ResourceState.Running, "http://127.0.0.1:5080"));
        host.Catalog.Set(TestResourceCatalog.Resource("studio", ResourceState.Starting, "http://127.0.0.1:5090"));
        host.Catalog.Set(TestResourceCatalog.Resource("database", ResourceState.Failed) with { Kind = "postgres", ExitCode = 1 });
        return host;
    }

    [ChromiumFact]
    public async Task ResourcesPage_ListsStatesAndRestartButtonCallsCatalog()
    {
        await using var host = await StartWithResourcesAsync();
        await using var browser = await DashboardBrowser.OpenAsync();
        var page = browser.Page;
        await browser.LoginAsync(host);

        await Expect(page.GetByTestId("resource-state-workflow-server")).ToHaveTextAsync("Running");
        await Expect(page.GetByTestId("resource-state-studio")).ToHaveTextAsync("Starting");
        await Expect(page.GetByTestId("resource-state-database")).ToHaveTextAsync("Failed");
        await Expect(page.GetByTestId("resource-endpoint-workflow-server")).ToHaveAttributeAsync("href", "http://127.0.0.1:5080");
        await Expect(page.GetByTestId("resource-restarts-workflow-server")).ToHaveTextAsync("0");

        await page.GetByTestId("resource-restart-workflow-server").ClickAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        (await host.Catalog.Commands.Reader.ReadAsync(timeout.Token)).ShouldBe(("workflow-server", ResourceCommand.Restart));
        // The catalog raised ResourceChanged with one more restart: the page shows it live.
        await Expect(page.GetByTestId("resource-restarts-workflow-server")).ToHaveTextAsync("1");

        host.Catalog.Set(TestResourceCatalog.Resource("studio", ResourceState.Running, "http://127.0.0.1:5090"));
        await Expect(page.GetByTestId("resource-state-studio")).ToHaveTextAsync("Running");
        await Expect(page.GetByTestId("retention")).ToHaveTextAsync(new Regex(@"spans 0/100\D?000 \(dropped 0\)"));
        await browser.ScreenshotAsync("resources");
    }

    [ChromiumFact]
    public async Task ConsolePage_ShowsBacklogAndLiveLinesWithTimestampsAndDownload()
    {
        await using var host = await StartWithResourcesAsync();
        host.Catalog.Write("workflow-server", "info: Now listening on: http://127.0.0.1:5080");
        host.Catalog.Write("studio", "studio line that must not show");
        await using var browser = await DashboardBrowser.OpenAsync();
        var page = browser.Page;
        await browser.LoginAsync(host);
        await page.GetByTestId("nav-console").ClickAsync();

        var lines = page.GetByTestId("console-line");
        await Expect(lines).ToHaveCountAsync(1);
        await Expect(lines.First).ToContainTextAsync("Now listening on");
        await Expect(page.GetByTestId("console-timestamp").First).ToHaveTextAsync(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$"));

        host.Catalog.Write("workflow-server", "fail: something broke", isError: true);
        await Expect(lines).ToHaveCountAsync(2);
        await Expect(lines.Nth(1)).ToContainTextAsync("something broke");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("console-download").ClickAsync());
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path!);
        text.ShouldContain("OUT info: Now listening on");
        text.ShouldContain("ERR fail: something broke");
        await browser.ScreenshotAsync("console");

        await page.GetByTestId("console-resource").SelectOptionAsync("studio");
        await Expect(lines).ToHaveCountAsync(1);
        await Expect(lines.First).ToContainTextAsync("studio line");
    }

    [ChromiumFact]
    public async Task StructuredLogsPage_FiltersByResourceLevelAndText()
    {
        await using var host = await StartWithResourcesAsync();
        TelemetrySample.Export(host);
        await using var browser = await DashboardBrowser.OpenAsync();
        var page = browser.Page;
        await browser.LoginAsync(host);
        await page.GetByTestId("nav-logs").ClickAsync();

        var rows = page.GetByTestId("log-row");
        await Expect(rows).ToHaveCountAsync(4);
        await browser.ScreenshotAsync("structured-logs");
        await page.GetByTestId("logs-level").SelectOptionAsync("Warning");
        await Expect(rows).ToHaveCountAsync(2);
        await page.GetByTestId("logs-text").FillAsync("broken");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.GetByTestId("log-message")).ToHaveTextAsync("Node broken failed");
        await page.GetByTestId("logs-text").FillAsync("");
        await page.GetByTestId("logs-level").SelectOptionAsync("");
        await page.GetByTestId("logs-resource").SelectOptionAsync("studio");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.GetByTestId("log-message")).ToHaveTextAsync("Studio ready");
    }

    [ChromiumFact]
    public async Task TracesPage_FiltersAndWaterfallShowsSpansInParentOrderWithAttributes()
    {
        await using var host = await StartWithResourcesAsync();
        var ids = TelemetrySample.Export(host);
        await using var browser = await DashboardBrowser.OpenAsync();
        var page = browser.Page;
        await browser.LoginAsync(host);
        await page.GetByTestId("nav-traces").ClickAsync();

        var rows = page.GetByTestId("trace-row");
        await Expect(rows).ToHaveCountAsync(2);
        await page.GetByTestId("traces-status").SelectOptionAsync("error");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.GetByTestId("trace-name")).ToHaveTextAsync("POST /workflows/broken");
        await page.GetByTestId("traces-status").SelectOptionAsync("");
        await page.GetByTestId("traces-min-duration").FillAsync("100");
        await Expect(rows).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("traces");

        await page.Locator($"[data-trace-id='{ids.IngestTraceId}']").ClickAsync();
        var spans = page.GetByTestId("span-row");
        await Expect(spans).ToHaveCountAsync(5);
        var names = await spans.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.spanName)");
        names.ShouldBe(["POST /workflows/ingest", "node extract", "chat gpt-4o-mini", "node store", "PUT /collections/docs/points"]);
        var depths = await spans.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.depth)");
        depths.ShouldBe(["0", "1", "2", "1", "0"]);

        await spans.Nth(2).ClickAsync();
        await Expect(page.GetByTestId("span-attributes")).ToContainTextAsync("gen_ai.request.model");
        await Expect(page.GetByTestId("span-attributes")).ToContainTextAsync("gpt-4o-mini");
        await spans.Nth(1).ClickAsync();
        await Expect(page.GetByTestId("span-events")).ToContainTextAsync("chunked");
        await browser.ScreenshotAsync("trace-waterfall");
    }

    [ChromiumFact]
    public async Task MetricsPage_ListsInstrumentsAndChartsTheSelectedOne()
    {
        await using var host = await StartWithResourcesAsync();
        TelemetrySample.Export(host);
        await using var browser = await DashboardBrowser.OpenAsync();
        var page = browser.Page;
        await browser.LoginAsync(host);
        await page.GetByTestId("nav-metrics").ClickAsync();

        var instruments = page.GetByTestId("instrument");
        await Expect(instruments).ToHaveCountAsync(2);
        await page.Locator("[data-testid=instrument][data-name='weft.runs']").ClickAsync();
        var chart = page.GetByTestId("metric-chart");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("[data-testid=metric-series]")).ToHaveCountAsync(1);
        var points = await chart.Locator("[data-testid=metric-series]").GetAttributeAsync("points");
        points.ShouldNotBeNullOrWhiteSpace();
        await Expect(page.GetByTestId("metric-panel")).ToContainTextAsync("workflow=ingest");
        await browser.ScreenshotAsync("metrics");
    }

    [ChromiumFact]
    public async Task Login_WithWrongToken_ShowsErrorWith401AndNoAccess()
    {
        await using var host = await StartWithResourcesAsync();
        await using var browser = await DashboardBrowser.OpenAsync();
        var page = browser.Page;
        var response = await page.GotoAsync(new Uri(host.Server.Url, "login?t=wrong").ToString());
        response!.Status.ShouldBe(401);
        await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        var api = await page.GotoAsync(new Uri(host.Server.Url, "api/resources").ToString());
        api!.Status.ShouldBe(401);

        await page.GotoAsync(new Uri(host.Server.Url, "login").ToString());
        await page.GetByTestId("login-token").FillAsync(host.Server.Token);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("resource-state-workflow-server")).ToHaveTextAsync("Running");
    }
}
