using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Weft.AppHost.Tests;

/// <summary>
/// The real AppHost (Weft.AppHost.dll, copied next to the tests by the project reference) as a child process with its
/// own state directory, its console read line by line. Disposing interrupts it if it still runs, kills it after a
/// bound, and deletes the state directory.
/// </summary>
internal sealed partial class AppHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private event Action? LineWritten;

    private AppHostProcess(Process process, string stateDirectory)
    {
        _process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    public static AppHostProcess Start(IDictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Weft.AppHost.dll");
        File.Exists(dll).ShouldBeTrue($"{dll} is missing: the test project must reference the AppHost project");
        var state = Path.Combine(Path.GetTempPath(), $"weft-apphost-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(state);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = state,
        };
        info.ArgumentList.Add(dll);
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["Weft__AppHost__StateDirectory"] = state;
        info.Environment["Weft__AppHost__RestartDelay"] = "00:00:00.5";
        info.Environment["Weft__AppHost__StopGracePeriod"] = "00:00:05";
        info.Environment["Weft__AppHost__WorkflowServerPort"] = "0"; // never the developer's 5080, 18888 or 18889
        info.Environment["Weft__Dashboard__Port"] = "0";
        info.Environment["Weft__Dashboard__OtlpPort"] = "0";
        foreach (var (name, value) in settings)
            info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        var host = new AppHostProcess(process, state);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The first line (counting from <paramref name="skip"/> matches) matching <paramref name="pattern"/>, awaited up to <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout, int skip = 0)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            lock (_lines)
            {
                var match = _lines.Select(l => regex.Match(l)).Where(m => m.Success).Skip(skip).FirstOrDefault();
                if (match is not null)
                    found.TrySetResult(match);
            }
        }

        LineWritten += Check;
        try
        {
            Check();
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The AppHost did not print /{pattern}/ within {timeout} (exited: {_process.HasExited}):\n{Output}");
        }
        finally
        {
            LineWritten -= Check;
        }
    }

    /// <summary>Ctrl+C: SIGINT to the AppHost alone (not its children; the AppHost must stop them).</summary>
    public void Interrupt() => _ = NativeMethods.kill(_process.Id, 2);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_lines) _lines.Add(line);
        LineWritten?.Invoke();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Interrupt();
            if (!_process.WaitForExit(20_000))
                _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for one int-only call.
        public static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
