using System.Diagnostics;
using System.Globalization;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Backing;

/// <summary>
/// A PostgreSQL cluster from the local binaries in the resource's folder (<c>&lt;state&gt;/postgres/data</c>): created with
/// initdb the first time (trust authentication for <c>postgres</c>, UTF8), started with pg_ctl on the assigned loopback
/// port (its Unix socket in the resource folder), stopped with <c>pg_ctl stop -m fast</c>. PostgreSQL refuses to run as
/// root, so as root the folder is given to the <c>postgres</c> user and the binaries run through <c>runuser</c>.
/// A cluster left running by an AppHost that was killed is stopped first.
/// </summary>
internal sealed class LocalPostgresService(PostgresServerResource resource, string binaries) : IBackingService
{
    private const string ServiceUser = PostgresServerResource.User;

    private string? _root;

    /// <summary>
    /// The cluster's folder: the resource's, unless the AppHost runs as root and the <c>postgres</c> user cannot reach it
    /// (a parent such as /root is not searchable by others); then a folder of its own under the temp directory.
    /// </summary>
    private string Root => _root ??= ReachableByServiceUser(resource.DataDirectory)
        ? resource.DataDirectory
        : Path.Combine(Path.GetTempPath(), $"weft-postgres-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(resource.DataDirectory)))[..12]}");

    private string DataDirectory => Path.Combine(Root, "data");

    private string LogFile => Path.Combine(Root, "postgres.log");

    public async Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken)
    {
        var port = resource.Port ?? throw new InvalidOperationException("The PostgreSQL port was not assigned.");
        if (Root != resource.DataDirectory)
            note($"the postgres user cannot reach {resource.DataDirectory} (a parent folder is not searchable by others): the cluster lives in {Root}");
        Directory.CreateDirectory(Root);
        if (Environment.IsPrivilegedProcess)
            await RunAsync("chown", ["-R", $"{ServiceUser}:", Root], asServiceUser: false, note, cancellationToken);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            note($"initdb {DataDirectory}");
            await RunPgAsync("initdb", ["-D", DataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], note, cancellationToken);
        }
        else if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            note("a server from an earlier run still holds the cluster: stopping it");
            try
            {
                await RunPgAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], note, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // Not running after all (a stale pid file): pg_ctl start below removes it.
            }
        }

        await RunPgAsync("pg_ctl",
        [
            "start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
            "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {Root} -c listen_addresses=127.0.0.1",
        ], note, cancellationToken);

        foreach (var database in resource.Databases)
            await PostgresDatabases.EnsureAsync(resource.ConnectionString!, database.DatabaseName, note, cancellationToken);
        return new BackingStarted(PostmasterPid(), [$"postgres://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]);
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => PostgresProbe.AnswersAsync(resource.ConnectionString!, cancellationToken);

    public async Task StopAsync(Action<string> note, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            await RunPgAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"], note, cancellationToken);
    }

    /// <summary>Whether every existing parent of <paramref name="directory"/> lets others search it (only matters when running as root).</summary>
    private static bool ReachableByServiceUser(string directory)
    {
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
            return true;
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(directory)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent) && (File.GetUnixFileMode(parent) & UnixFileMode.OtherExecute) == 0)
                return false;
        }

        return true;
    }

    /// <summary>The postmaster's pid: the first line of postmaster.pid.</summary>
    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private Task RunPgAsync(string program, string[] arguments, Action<string> note, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(binaries, program), arguments, asServiceUser: Environment.IsPrivilegedProcess, note, cancellationToken);

    private async Task RunAsync(string program, string[] arguments, bool asServiceUser, Action<string> note, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        if (asServiceUser)
        {
            foreach (var argument in new[] { "-u", ServiceUser, "--", program })
                start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        foreach (var line in ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            note(line);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : "";
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}. {log}".Trim());
        }
    }
}
