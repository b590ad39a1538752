using System.Diagnostics;

namespace Weft.AppHost.Backing;

/// <summary>
/// Where the local PostgreSQL server binaries (initdb, pg_ctl) are: <c>$WEFT_PG_BINDIR</c> when set (the only place
/// looked then), else <c>pg_config --bindir</c>, the newest <c>/usr/lib/postgresql/*/bin</c>, then PATH.
/// </summary>
internal static class PostgresBinaries
{
    private static readonly Lazy<string?> Found = new(Find);

    public static string? Directory => Found.Value;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("WEFT_PG_BINDIR") is { Length: > 0 } chosen)
            return HasServer(chosen) ? chosen : null;

        var candidates = new List<string?> { PgConfigBinDir() };
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
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
