using Microsoft.Playwright;

namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>
/// Headless Chromium (the system's, through Microsoft.Playwright) logged in to a dashboard, saving
/// screenshots under TestResults/dashboard-screenshots/ at the repository root.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<DashboardBrowser> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.ExecutablePath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, AcceptDownloads = true });
            context.SetDefaultTimeout(15_000);
            return new DashboardBrowser(playwright, browser, await context.NewPageAsync());
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Logs in with the token and waits for the Resources page.</summary>
    public async Task LoginAsync(DashboardHost host)
    {
        await Page.GotoAsync(host.Server.LoginUrl.ToString());
        await Page.GetByTestId("resources").WaitForAsync();
    }

    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "dashboard-screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Solution.sln"))) return directory.FullName;
        return Directory.GetCurrentDirectory();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
