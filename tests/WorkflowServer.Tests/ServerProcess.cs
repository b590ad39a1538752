using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.WorkflowServer.Tests;

/// <summary>
/// The real server executable (Weft.WorkflowServer.dll, copied next to the tests by the project reference)
/// as a child process on a free loopback port, with settings passed as environment variables.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Weft.WorkflowServer.dll");

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public int Id => _process.Id;

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the server and waits until /health answers 200 (bounded).</summary>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, IDictionary<string, string> environment, TimeSpan timeout)
    {
        File.Exists(ServerDll).ShouldBeTrue($"{ServerDll} is missing: the test project must reference the server project");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in environment) info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        // Drain both pipes: a child that fills an unread pipe blocks.
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{server.Output}");
            try
            {
                using var probe = await server.Client.GetAsync("health", deadline.Token);
                if (probe.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                server.Kill();
                throw new TimeoutException($"The server did not become healthy within {timeout}:\n{server.Output}");
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>
    /// Runs the server expecting it to stop by itself (a start-up failure): waits for the exit (bounded) and returns
    /// its exit code, stdout and stderr, kept apart so a test can check what reached stderr.
    /// </summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(
        string workingDirectory, IDictionary<string, string> environment, TimeSpan timeout)
    {
        File.Exists(ServerDll).ShouldBeTrue($"{ServerDll} is missing: the test project must reference the server project");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{FreePort()}");
        foreach (var (name, value) in environment) info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit within {timeout}:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL on Unix: no shutdown code runs, leases stay held, in-flight attempts stay Running in the journal.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
    }
}
