using System.Diagnostics;

namespace Weft.Engine.Tests.Storage;

/// <summary>
/// Where the PostgreSQL server binaries (initdb, pg_ctl) are, for <see cref="PostgresCluster"/>; and whether the
/// PostgreSQL tests skip without them (outside CI) or fail (under <c>CI=true</c>).
/// </summary>
public static class PostgresBinaries
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The directory holding initdb and pg_ctl, or null.</summary>
    public static string? Directory => Found.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string Missing =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found in $WEFT_PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/*/bin or PATH";

    /// <summary>Why the PostgreSQL tests are skipped; null when they run (binaries found, or CI=true: then they fail loudly).</summary>
    public static string? SkipReason => Directory is null && !IsCi
        ? $"SKIPPED: {Missing}. Install them (apt-get install postgresql) to run the PostgreSQL store tests; with CI=true this is a failure."
        : null;

    private static string? Find()
    {
        // When set, the only place looked (so pointing it at an empty directory shows how the tests behave without PostgreSQL).
        if (Environment.GetEnvironmentVariable("WEFT_PG_BINDIR") is { Length: > 0 } chosen)
            return HasServer(chosen) ? chosen : null;

        var candidates = new List<string?> { PgConfigBinDir() };
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            // Newest major version first: /usr/lib/postgresql/15/bin before 13.
            candidates.AddRange(System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator));
        return candidates.FirstOrDefault(d => !string.IsNullOrEmpty(d) && HasServer(d));
    }

    private static bool HasServer(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no pg_config on PATH
        }
    }
}
