namespace Weft.AppHost.Dashboard;

/// <summary>
/// What the dashboard reads from the supervisor and asks of it: the resources with their state, each
/// resource's console output, and the start/stop/restart actions. The supervisor implements it; the
/// dashboard only depends on this seam, so each side can be tested on its own.
/// </summary>
public interface IResourceCatalog
{
    /// <summary>Every resource in the order it was declared, as it is now.</summary>
    IReadOnlyList<ResourceSnapshot> GetResources();

    /// <summary>Raised after any resource changed (state, health, restarts, endpoints).</summary>
    event Action<ResourceSnapshot>? ResourceChanged;

    /// <summary>Console lines of <paramref name="resource"/> with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    IReadOnlyList<ConsoleLine> GetConsole(string resource, long afterSequence, int max);

    /// <summary>Raised for every console line any resource writes.</summary>
    event Action<ConsoleLine>? ConsoleWritten;

    /// <summary>Starts, stops or restarts a resource. False when the resource is unknown or the command does not apply to it.</summary>
    Task<bool> ExecuteAsync(string resource, ResourceCommand command, CancellationToken cancellationToken);
}

public enum ResourceCommand { Start, Stop, Restart }

public enum ResourceState { Pending, Waiting, Starting, Running, Exited, Failed, Stopping, Stopped }

public enum ResourceHealth { Unknown, Healthy, Unhealthy }

/// <param name="Name">The resource name as declared in AppHost's Program.cs (a replica is "name-1", "name-2"…).</param>
/// <param name="Kind">project, executable, postgres, sqlite, qdrant, embedded-vectors, dashboard…</param>
/// <param name="Endpoints">URLs the resource serves (http://127.0.0.1:port).</param>
/// <param name="Properties">What backs it and how it was chosen (e.g. "backing" → "local PostgreSQL binaries").</param>
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    ResourceState State,
    ResourceHealth Health,
    IReadOnlyList<string> Endpoints,
    int Restarts,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Properties);

/// <param name="Sequence">Increasing per resource; a client resumes after the last one it saw.</param>
public sealed record ConsoleLine(string Resource, long Sequence, DateTimeOffset Timestamp, bool IsError, string Text);
