namespace Weft.AppHost.Hosting;

/// <summary>
/// The AppHost's own settings, bound from <c>Weft:AppHost</c> (appsettings.json, <c>Weft__AppHost__…</c> environment
/// variables, <c>--Weft:AppHost:…=</c> arguments). docs/apphost.md lists them.
/// </summary>
public sealed class AppHostOptions
{
    public const string SectionName = "Weft:AppHost";

    /// <summary>Where the AppHost keeps its state (PostgreSQL cluster, SQLite file, embedded vectors). Default: <c>&lt;repository&gt;/.weft</c>; a relative path is relative to the repository root.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>auto (default): a connection string, else local PostgreSQL binaries, else SQLite; postgres: never SQLite; sqlite: always SQLite.</summary>
    public string Database { get; set; } = "auto";

    /// <summary>The first WorkflowServer replica's port (the README's curl tour uses it); 0 picks a free port. Default: 5080.</summary>
    public int WorkflowServerPort { get; set; } = 5080;

    /// <summary>How many WorkflowServer processes run. Default: 1.</summary>
    public int WorkflowServerReplicas { get; set; } = 1;

    /// <summary>The first restart of a crashed process waits this long; each further one waits twice as long. Default: 1 s.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts. Default: 30 s.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A process that ran this long before it crashed restarts after <see cref="RestartDelay"/> again. Default: 60 s.</summary>
    public TimeSpan RestartBackoffReset { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping process has after SIGTERM before it gets SIGKILL. Default: 10 s.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running resource's health is checked again. Default: 5 s (while starting: every 100 ms).</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Console lines kept per resource (oldest dropped first). Default: 10,000.</summary>
    public int ConsoleLinesPerResource { get; set; } = 10_000;
}
