using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Weft.AppHost.Tests.DashboardTests;

namespace Weft.AppHost.Tests;

/// <summary>The whole app as a user runs it, watched through its dashboard in real headless Chromium.</summary>
public sealed class AppHostDashboardTests
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    [ChromiumFact]
    public Task AppHost_SqliteDocumentIngestionOverHttp_DashboardShowsResourcesAndOneTraceFromTriggerToEveryNode() =>
        IngestAndWatchAsync("sqlite", ["weft", "vectors", "workflowserver", "studio"]);

    [ChromiumPostgresFact]
    public Task AppHost_PostgresDocumentIngestionOverHttp_DashboardShowsResourcesAndOneTraceFromTriggerToEveryNode() =>
        IngestAndWatchAsync("postgres", ["postgres", "weft", "vectors", "workflowserver", "studio"]);

    private static async Task IngestAndWatchAsync(string database, string[] resources)
    {
        using var host = AppHostProcess.Start(new Dictionary<string, string> { ["Weft__AppHost__Database"] = database });
        await host.WaitForLineAsync($@"^All {resources.Length} resources healthy in", TimeSpan.FromSeconds(90));
        var server = new Uri((await host.WaitForLineAsync(@"^\s+workflowserver\s+project\s+(http://127\.0\.0\.1:\d+)$", TimeSpan.FromSeconds(5))).Groups[1].Value);
        var login = (await host.WaitForLineAsync(@"^\s+dashboard: \S+ — log in with (\S+)$", TimeSpan.FromSeconds(5))).Groups[1].Value;
        var dashboard = new Uri(new Uri(login), "/");
        var token = login[(login.IndexOf("t=", StringComparison.Ordinal) + 2)..];

        // The document-ingestion sample, triggered over HTTP with an uploaded document.
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "workflows", "document-ingestion.json"));
        using (var imported = await http.PostAsync("api/definitions/import?publish=true", new StringContent(sample, Encoding.UTF8, "application/json")))
            imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        string documentId;
        using (var uploaded = await http.PostAsync("api/documents", new StringContent(string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"Paragraph {i}: weft threads cross the warp, row after row, until the cloth holds.")), Encoding.UTF8, "text/markdown")))
        {
            uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
            documentId = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }

        string instanceId;
        using (var triggered = await http.PostAsJsonAsync("workflows/documents/ingest", new { documentId, chunkSize = 200, overlap = 20 }))
        {
            triggered.StatusCode.ShouldBe(HttpStatusCode.Accepted, await triggered.Content.ReadAsStringAsync());
            instanceId = (await triggered.Content.ReadFromJsonAsync<JsonObject>())!["instanceId"]!.GetValue<string>();
        }

        using (var client = new WorkflowServerClient(server))
        {
            var ended = await client.WaitEndedAsync(instanceId, TimeSpan.FromSeconds(60));
            ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
            ended["output"]!["upserted"]!.GetValue<int>().ShouldBeGreaterThan(1);
        }

        // One trace holds the trigger's server span, the workflow run and a span for every node.
        using var api = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        string[] expected = ["workflow document-ingestion", "node load", "node chunk", "node embedAndUpsert", "node finish"];
        JsonObject? trace = null;
        await PollAsync(async () =>
        {
            var list = await api.GetFromJsonAsync<JsonArray>("api/traces?resource=workflowserver&limit=200");
            foreach (var summary in list!)
            {
                var candidate = await api.GetFromJsonAsync<JsonObject>($"api/traces/{summary!["traceId"]!.GetValue<string>()}");
                var names = candidate!["spans"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ToList();
                if (expected.All(names.Contains))
                {
                    trace = candidate;
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(30), () => "no trace with the run and every node reached the dashboard");
        var spans = trace!["spans"]!.AsArray();
        var root = spans.Single(s => s!["depth"]!.GetValue<int>() == 0)!;
        root["name"]!.GetValue<string>().ShouldNotStartWith("workflow "); // the HTTP trigger's request is the root, not the run
        var traceId = trace["traceId"]!.GetValue<string>();

        // The same, seen in the browser: the resources running, and the trace's waterfall.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(login);
        await page.GetByTestId("resources").WaitForAsync();
        foreach (var resource in resources)
            await Assertions.Expect(page.GetByTestId($"resource-state-{resource}")).ToContainTextAsync("Running", new() { IgnoreCase = true });

        await page.GetByTestId("nav-traces").ClickAsync();
        await page.Locator($"[data-testid=trace-row][data-trace-id='{traceId}']").ClickAsync();
        await page.GetByTestId("waterfall").WaitForAsync();
        foreach (var name in expected)
            await Assertions.Expect(page.Locator($"[data-testid=span-row][data-span-name='{name}']")).ToHaveCountAsync(1);
    }

    private static async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        // Exporters send in batches on their own schedule: there is no event to await, so poll, bounded.
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(250, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(failure());
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Solution.sln not found above the test folder.");
    }
}
