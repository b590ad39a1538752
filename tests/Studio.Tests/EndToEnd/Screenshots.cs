using Microsoft.Playwright;

namespace Weft.Studio.Tests.EndToEnd;

/// <summary>
/// Screenshots of each page as test artifacts, in TestResults/studio-screenshots/ at the repository root (test.sh's results
/// folder); STUDIO_SCREENSHOTS overrides the folder.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Resolve();

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, $"{name}.png"), FullPage = true });

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable("STUDIO_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(configured)) return System.IO.Directory.CreateDirectory(configured).FullName;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Solution.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? AppContext.BaseDirectory;
        return System.IO.Directory.CreateDirectory(Path.Combine(root, "TestResults", "studio-screenshots")).FullName;
    }
}
