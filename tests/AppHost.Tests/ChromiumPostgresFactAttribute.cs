using Weft.AppHost.Backing;
using Weft.AppHost.Tests.DashboardTests;

namespace Weft.AppHost.Tests;

/// <summary>
/// A test that needs both headless Chromium and the local PostgreSQL server binaries: outside CI it is skipped, loudly,
/// naming what is missing; under <c>CI=true</c> it always runs (and fails if either is missing).
/// </summary>
public sealed class ChromiumPostgresFactAttribute : FactAttribute
{
    public ChromiumPostgresFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var missing = new List<string>();
        if (!File.Exists(ChromiumFactAttribute.ExecutablePath))
            missing.Add($"Chromium at {ChromiumFactAttribute.ExecutablePath} (apt-get install -y chromium)");
        if (PostgresBinaries.Directory is null)
            missing.Add("PostgreSQL server binaries (apt-get install postgresql)");
        if (!ci && missing.Count > 0)
            Skip = $"SKIPPED: missing {string.Join(" and ", missing)}; with CI=true this is a failure.";
    }
}
