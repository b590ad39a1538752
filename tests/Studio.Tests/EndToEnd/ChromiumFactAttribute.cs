namespace Weft.Studio.Tests.EndToEnd;

/// <summary>
/// A test that drives real Chromium (/usr/bin/chromium). Outside CI it skips, loudly naming what is missing, when Chromium
/// is not installed; under CI=true it never skips (./test.sh installs Chromium), so a missing browser fails the run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !File.Exists(ChromiumPath))
            Skip = $"SKIPPED: Chromium is missing at {ChromiumPath} (apt-get install -y chromium, or run ./test.sh, which installs it).";
    }
}
