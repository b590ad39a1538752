using System.ComponentModel;
using System.Diagnostics;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// One replica of a project or executable: starts it (in its own process group, through <c>setsid</c>), captures its
/// stdout/stderr line by line, checks its health, restarts it with exponential backoff when it exits on its own
/// (counting restarts), and stops it with SIGTERM, then SIGKILL after the grace period.
/// </summary>
internal sealed class ProcessRunner : ResourceRunner
{
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly ProcessResource _resource;
    private readonly ReplicaContext _replica;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly object _gate = new();
    private Process? _current;
    private bool _wantRunning;
    private int _quickCrashes;
    private CancellationTokenSource _restartWait = new();

    public ProcessRunner(ProcessResource resource, ReplicaContext replica, SupervisorContext context)
        : base(replica.ReplicaName, resource, context)
    {
        _resource = resource;
        _replica = replica;
        Update(s => s with { Endpoints = replica.Endpoint is { } url ? [url.ToString().TrimEnd('/')] : [] });
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            lock (_gate)
            {
                if (_current is { HasExited: false })
                    return;
                _wantRunning = true;
                _restartWait.Dispose();
                _restartWait = new CancellationTokenSource();
            }

            await LaunchAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        Update(s => s with { State = ResourceState.Starting, Health = ResourceHealth.Unknown, ExitCode = null, ProcessId = null });
        Process process;
        try
        {
            process = await CreateProcessAsync(cancellationToken);
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Context.Console.Append(Name, isError: false, line); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Context.Console.Append(Name, isError: true, line); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            // A missing program or a failed build: restarting would fail the same way, so the resource stays Failed.
            Note($"could not start: {ex.Message}");
            Context.Print($"{Name}: could not start: {ex.Message}");
            lock (_gate) _wantRunning = false;
            Update(s => s with { State = ResourceState.Failed, Health = ResourceHealth.Unhealthy });
            return;
        }

        var startedAt = Context.Time.GetUtcNow();
        lock (_gate) _current = process;
        Update(s => s with
        {
            State = ResourceState.Running,
            Health = _resource.HealthCheckPath is null ? ResourceHealth.Healthy : ResourceHealth.Unknown,
            ProcessId = process.Id,
            StartedAt = startedAt,
        });
        if (_resource.HealthCheckPath is not null)
            StartHealthChecks();
        _ = Task.Run(() => WatchAsync(process, startedAt), CancellationToken.None);
    }

    private async Task<Process> CreateProcessAsync(CancellationToken cancellationToken)
    {
        string command;
        string workingDirectory;
        List<string> arguments = [];
        if (_resource is ProjectResource project)
        {
            var dll = await ProjectOutput.EnsureBuiltAsync(project, (line, isError) => Context.Console.Append(Name, isError, line), cancellationToken);
            command = "dotnet";
            workingDirectory = Path.GetDirectoryName(project.ProjectPath)!;
            arguments.Add(dll);
        }
        else
        {
            var executable = (ExecutableResource)_resource;
            command = executable.Command;
            workingDirectory = executable.WorkingDirectory;
            arguments.AddRange(executable.Arguments);
        }

        command = ResolveCommand(command, workingDirectory);
        var start = new ProcessStartInfo(Setsid ?? command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // children never read the AppHost's terminal
            UseShellExecute = false,
        };
        if (Setsid is not null)
            start.ArgumentList.Add(command);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in ProcessEnvironment.For(_resource, _replica, Context))
            start.Environment[name] = value;
        return new Process { StartInfo = start };
    }

    /// <summary>
    /// The program's full path: as given when it contains a '/', else the first match on PATH. Checked here because
    /// setsid would start anyway and only then fail to run it, which would look like a crash and be restarted forever.
    /// </summary>
    private static string ResolveCommand(string command, string workingDirectory)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(command, workingDirectory);
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist.", path);
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
        return found ?? throw new FileNotFoundException($"'{command}' was not found on PATH.", command);
    }

    /// <summary>Waits for the process to end; when nobody asked it to, restarts it after the backoff delay.</summary>
    private async Task WatchAsync(Process process, DateTimeOffset startedAt)
    {
        await process.WaitForExitAsync(CancellationToken.None);
        var exitCode = process.ExitCode;
        CancellationToken restartWait;
        TimeSpan delay;
        int attempt;
        lock (_gate)
        {
            if (!ReferenceEquals(_current, process) || !_wantRunning)
                return; // StopAsync ended it and records the outcome
            _current = null;
            var ranFor = Context.Time.GetUtcNow() - startedAt;
            _quickCrashes = ranFor >= Context.Options.RestartBackoffReset ? 0 : _quickCrashes;
            attempt = ++_quickCrashes;
            delay = BackoffDelay(attempt);
            restartWait = _restartWait.Token;
        }

        StopHealthChecks();
        process.Dispose();
        Update(s => s with
        {
            State = exitCode == 0 ? ResourceState.Exited : ResourceState.Failed,
            Health = ResourceHealth.Unhealthy,
            ExitCode = exitCode,
            ProcessId = null,
        });
        var message = $"exited with code {exitCode}; restarting in {delay.TotalSeconds:0.#} s (restart {Snapshot.Restarts + 1})";
        Note(message);
        Context.Print($"{Name} {message}");
        // What the crashed run wrote to stderr first (the exception message comes before its stack), so the cause shows without the dashboard.
        foreach (var line in FirstErrorLinesSince(startedAt, 3))
            Context.Print($"  {Name} | {line}");

        try
        {
            await Task.Delay(delay, Context.Time, restartWait);
            await _lifecycle.WaitAsync(restartWait);
        }
        catch (OperationCanceledException)
        {
            return; // stopped (or the AppHost is shutting down) while waiting
        }

        try
        {
            lock (_gate)
            {
                if (!_wantRunning || _current is not null)
                    return;
            }

            Update(s => s with { Restarts = s.Restarts + 1 });
            await LaunchAsync(restartWait);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private IEnumerable<string> FirstErrorLinesSince(DateTimeOffset startedAt, int count) =>
        Context.Console.Read(Name, 0, int.MaxValue).Where(l => l.IsError && l.Timestamp >= startedAt).Take(count).Select(l => l.Text);

    private TimeSpan BackoffDelay(int attempt)
    {
        var options = Context.Options;
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RestartDelay.Ticks * factor, options.MaxRestartDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _wantRunning = false;
            _restartWait.Cancel();
        }

        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            Process? process;
            lock (_gate)
            {
                process = _current;
                _current = null;
            }

            StopHealthChecks();
            if (process is null)
            {
                Update(s => s.State is ResourceState.Pending or ResourceState.Waiting or ResourceState.Exited or ResourceState.Failed or ResourceState.Starting
                    ? s with { State = ResourceState.Stopped, Health = ResourceHealth.Unknown, ProcessId = null }
                    : s);
                return;
            }

            Update(s => s with { State = ResourceState.Stopping });
            var exitCode = await TerminateAsync(process, cancellationToken);
            Update(s => s with { State = ResourceState.Stopped, Health = ResourceHealth.Unknown, ProcessId = null, ExitCode = exitCode });
            process.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>GET the health path on the replica's URL; 2xx is healthy.</summary>
    protected override async Task<bool> ProbeHealthAsync(CancellationToken cancellationToken)
    {
        if (_replica.Endpoint is not { } url || _resource.HealthCheckPath is not { } path)
            return true;
        using var response = await Context.Http.GetAsync(new Uri(url, path), cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>SIGTERM to the process group; SIGKILL when it is still there after the grace period.</summary>
    private async Task<int?> TerminateAsync(Process process, CancellationToken cancellationToken)
    {
        if (process.HasExited)
            return process.ExitCode;
        var pid = process.Id;
        ProcessSignals.Terminate(pid);
        using (var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            grace.CancelAfter(Context.Options.StopGracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                Note($"did not stop within {Context.Options.StopGracePeriod.TotalSeconds:0.#} s of SIGTERM: SIGKILL");
            }
        }

        ProcessSignals.Kill(pid);
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        using var killed = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(killed.Token);
        return process.ExitCode;
    }
}
