using System.Threading.Channels;
using Weft.AppHost.Dashboard;

namespace Weft.AppHost.Tests.DashboardTests;

/// <summary>
/// An in-memory IResourceCatalog for the dashboard tests: resources and console lines the test sets, and
/// every command the dashboard executes recorded in a channel the test awaits.
/// </summary>
internal sealed class TestResourceCatalog : IResourceCatalog
{
    private readonly Lock _lock = new();
    private readonly List<ResourceSnapshot> _resources = [];
    private readonly List<ConsoleLine> _console = [];
    private long _sequence;

    public Channel<(string Resource, ResourceCommand Command)> Commands { get; } = Channel.CreateUnbounded<(string, ResourceCommand)>();

    public event Action<ResourceSnapshot>? ResourceChanged;
    public event Action<ConsoleLine>? ConsoleWritten;

    public static ResourceSnapshot Resource(string name, ResourceState state, params string[] endpoints) =>
        new(name, "project", state, state == ResourceState.Running ? ResourceHealth.Healthy : ResourceHealth.Unknown,
            endpoints, 0, state == ResourceState.Running ? 4242 : null, DateTimeOffset.UtcNow, null,
            new Dictionary<string, string> { ["backing"] = "test" });

    public void Set(ResourceSnapshot snapshot)
    {
        lock (_lock)
        {
            var index = _resources.FindIndex(r => r.Name == snapshot.Name);
            if (index >= 0) _resources[index] = snapshot; else _resources.Add(snapshot);
        }
        ResourceChanged?.Invoke(snapshot);
    }

    public ConsoleLine Write(string resource, string text, bool isError = false)
    {
        ConsoleLine line;
        lock (_lock)
        {
            line = new ConsoleLine(resource, ++_sequence, DateTimeOffset.UtcNow, isError, text);
            _console.Add(line);
        }
        ConsoleWritten?.Invoke(line);
        return line;
    }

    public IReadOnlyList<ResourceSnapshot> GetResources()
    {
        lock (_lock) return [.. _resources];
    }

    public IReadOnlyList<ConsoleLine> GetConsole(string resource, long afterSequence, int max)
    {
        lock (_lock) return _console.Where(l => l.Resource == resource && l.Sequence > afterSequence).Take(max).ToList();
    }

    public Task<bool> ExecuteAsync(string resource, ResourceCommand command, CancellationToken cancellationToken)
    {
        var known = GetResources().FirstOrDefault(r => r.Name == resource);
        if (known is null) return Task.FromResult(false);
        Commands.Writer.TryWrite((resource, command));
        if (command == ResourceCommand.Restart)
            Set(known with { Restarts = known.Restarts + 1, State = ResourceState.Running });
        return Task.FromResult(true);
    }
}
