using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>What every runner shares: options, the console log, the AppHost's own output, time, the health-check client.</summary>
internal sealed class SupervisorContext(AppHostOptions options, string environmentName, TextWriter output, TimeProvider time) : IDisposable
{
    public AppHostOptions Options { get; } = options;

    /// <summary>Passed to projects as ASPNETCORE_ENVIRONMENT and DOTNET_ENVIRONMENT.</summary>
    public string EnvironmentName { get; } = environmentName;

    public ConsoleLog Console { get; } = new(options.ConsoleLinesPerResource, time);

    public TimeProvider Time { get; } = time;

    /// <summary>Health probes: short timeout, no redirects followed (a redirect is not a health answer).</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>Set when the dashboard's OTLP receiver runs; children export telemetry there.</summary>
    public TelemetryExport? Telemetry { get; set; }

    private readonly object _outputGate = new();

    /// <summary>A line on the AppHost's own console (what was chosen, URLs, crashes and restarts).</summary>
    public void Print(string line)
    {
        lock (_outputGate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public void Dispose() => Http.Dispose();
}
