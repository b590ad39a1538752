using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Cli.Tests.Report;

/// <summary>
/// A SQLite store holding real runs with exact durations (run here by a real runtime on a clock only
/// <see cref="TakesActivity"/> moves), served by the real workflow server as a child process on 127.0.0.1.
/// </summary>
internal sealed class ReportServer : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>check → charge (retried once); durations and failures from the input.</summary>
    private const string Pay = """
        { "id": "pay",
          "nodes": [
            { "id": "check", "type": "test.takes", "inputs": { "milliseconds": "{{ input.checkMs }}" } },
            { "id": "charge", "type": "test.takes", "inputs": { "milliseconds": "{{ input.chargeMs }}", "failAttempts": "{{ input.chargeFails }}" },
              "retry": { "maxAttempts": 2, "initialInterval": "00:00:00" } } ],
          "edges": [ { "id": "e1", "source": "check", "target": "charge" } ] }
        """;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private ReportServer(Process process, string directory, string url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The server's build output, beside this test project's (same configuration and framework).</summary>
    private static string ServerDll
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = bin.Name;
            var configuration = bin.Parent!.Name;
            var root = bin.Parent.Parent!.Parent!.Parent!.Parent!.FullName; // tests/Cli.Tests/bin/<configuration>/<framework>
            return Path.Combine(root, "src", "WorkflowServer", "bin", configuration, framework, "Weft.WorkflowServer.dll");
        }
    }

    /// <param name="payments">Run "pay" three times first: 100+200 ms ok; 300 + (100 failed, 100) ms ok; 200 + (50 failed, 50 failed) ms → Faulted.</param>
    /// <param name="apiKey">Production with this key; Development (open) when null.</param>
    public static async Task<ReportServer> StartAsync(bool payments, string? apiKey = null)
    {
        var directory = Directory.CreateTempSubdirectory("weft-report-test-").FullName;
        var database = Path.Combine(directory, "weft.db");
        await SeedAsync(database, payments);

        File.Exists(ServerDll).ShouldBeTrue($"{ServerDll} is missing: build src/WorkflowServer first");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = apiKey is null ? "Development" : "Production";
        info.Environment["Weft__Store__Sqlite__Path"] = database;
        info.Environment["Weft__Data__Directory"] = Path.Combine(directory, "data");
        info.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        if (apiKey is not null) info.Environment["Weft__ApiKeys__0"] = apiKey;

        var process = new Process { StartInfo = info };
        var server = new ReportServer(process, directory, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static async Task SeedAsync(string database, bool payments)
    {
        await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = database });
        await store.InitializeAsync();
        if (!payments) return;
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        registry.Add<TakesActivity>();
        await using var runtime = new WorkflowRuntime(store, registry,
            new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, loggerFactory: null, time: new ManualClock(T0));
        await runtime.StartAsync();
        await store.SaveDefinitionAsync(WeftJson.ParseDefinition(Pay));
        await PayAsync(runtime, 100, 200, 0, InstanceStatus.Completed);
        await PayAsync(runtime, 300, 100, 1, InstanceStatus.Completed);
        await PayAsync(runtime, 200, 50, 2, InstanceStatus.Faulted);
    }

    private static async Task PayAsync(WorkflowRuntime runtime, int checkMs, int chargeMs, int chargeFails, InstanceStatus expected)
    {
        var started = await runtime.Client.StartAsync(new StartRequest
        {
            DefinitionId = "pay",
            AllowDraft = true,
            Input = new JsonObject { ["checkMs"] = checkMs, ["chargeMs"] = chargeMs, ["chargeFails"] = chargeFails },
        });
        (await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(TimeSpan.FromSeconds(30))).Status.ShouldBe(expected);
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var probe = await client.GetAsync($"{Url}/health", deadline.Token);
                if (probe.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The server did not become healthy within {timeout}:\n{Output}");
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>"Now" stands still until <see cref="Advance"/>; timers stay real.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

public sealed class TakesInputs
{
    [Input] public int Milliseconds { get; set; }

    /// <summary>Attempts 1..n fail (retryably).</summary>
    [Input] public int FailAttempts { get; set; }
}

/// <summary>Takes exactly <c>milliseconds</c> on the runtime's <see cref="ManualClock"/>, then fails or completes as planned.</summary>
[Activity("test.takes", Category = "Test")]
public sealed class TakesActivity : Activity<TakesInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(TakesInputs inputs, ActivityContext context)
    {
        ((ManualClock)context.Time).Advance(TimeSpan.FromMilliseconds(inputs.Milliseconds));
        if (context.Attempt <= inputs.FailAttempts)
            throw new ActivityException("Transient", $"planned failure of attempt {context.Attempt}");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
