namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>
/// A fact that needs Chromium at <see cref="ExecutablePath"/>. Outside CI it skips, saying what is
/// missing, when Chromium is not installed; under CI=true it always runs (and fails if Chromium is missing).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !File.Exists(ExecutablePath))
            Skip = $"SKIPPED: Chromium is not installed at {ExecutablePath} (apt-get install -y chromium); the dashboard browser tests need it.";
    }
}
