using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Weft.Studio.Tests.Hosting;

namespace Weft.Studio.Tests.EndToEnd;

/// <summary>
/// Everything the browser tests share, started once: a document host (what document.load fetches), the real workflow server
/// (Production, API key required), Studio's real host pointed at it with that key, and headless Chromium.
/// </summary>
public sealed class StudioStack : IAsyncLifetime
{
    public const string Document = """
        Weft runs durable AI workflows.

        Each node commits before the next one starts, so a crash loses nothing that completed.

        Studio draws the workflows, runs them and shows every node as it works.
        """;

    private IPlaywright? _playwright;
    private int _flakyCalls;

    public UpstreamHost Documents { get; private set; } = null!;
    public WorkflowServerHost Server { get; private set; } = null!;
    public StudioHost Studio { get; private set; } = null!;
    public IBrowser? Browser { get; private set; }

    /// <summary>document.load of /flaky fails the first time it is asked and succeeds after (the retry test).</summary>
    public Uri FlakyDocumentUrl => new(Documents.BaseAddress, "flaky.txt");
    public Uri DocumentUrl => new(Documents.BaseAddress, "guide.txt");

    /// <summary>The chat model (OpenAI protocol) the server's <c>main</c> alias points at.</summary>
    public FakeChatModel FakeChat { get; } = new();

    public async Task InitializeAsync()
    {
        Documents = await UpstreamHost.StartAsync(app =>
        {
            app.MapGet("/guide.txt", () => Results.Text(Document, "text/plain"));
            app.MapGet("/flaky.txt", () => Interlocked.Increment(ref _flakyCalls) == 1
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Text(Document, "text/plain"));
            app.MapPost("/v1/chat/completions", FakeChat.StreamAsync);
        });
        Server = new WorkflowServerHost(new Dictionary<string, string?>
        {
            ["Weft:Http:AllowedHosts:0"] = "127.0.0.1",
            ["Weft:Models:main:Endpoint"] = new Uri(Documents.BaseAddress, "v1").ToString(),
            ["Weft:Models:main:Model"] = FakeChatModel.Model,
            ["Weft:Models:main:ApiKey"] = "not-a-real-key",
            // The monitoring test waits for an alert rule to open: evaluate twice a second, not every 30 s.
            ["Weft:Alerts:EvaluationInterval"] = "00:00:00.500",
        });
        await Server.StartAsync();
        Studio = await StudioHost.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:Studio:ServerUrl"] = Server.BaseAddress!.ToString(),
            ["Weft:Studio:ApiKey"] = WorkflowServerHost.ApiKey,
            ["Weft:Studio:ConnectTimeout"] = "00:00:02",
        });
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath)) return; // the tests skip (or, under CI, fail) on their own
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh page (own storage) on Studio, 1440×900, failing fast rather than hanging.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (Browser is null)
            throw new InvalidOperationException($"Chromium is missing at {ChromiumFactAttribute.ChromiumPath}: ./test.sh installs it (apt-get install -y chromium).");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Studio.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Studio is not null) await Studio.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        if (Documents is not null) await Documents.DisposeAsync();
    }
}
