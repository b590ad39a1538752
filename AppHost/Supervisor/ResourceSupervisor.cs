using Weft.AppHost.Backing;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// Runs the composed resources: assigns loopback ports, starts each resource once what it references runs and what it
/// waits for is healthy, stops everything in reverse (processes first, then backing services), and is the
/// <see cref="IResourceCatalog"/> the dashboard reads and commands.
/// </summary>
internal sealed class ResourceSupervisor : IResourceCatalog
{
    private readonly SupervisorContext _context;
    private readonly List<(Resource Resource, List<ResourceRunner> Runners)> _resources = [];
    private readonly List<ResourceSnapshot> _external = [];
    private readonly object _gate = new();

    public ResourceSupervisor(IReadOnlyList<Resource> ordered, SupervisorContext context)
    {
        _context = context;
        var ports = new PortAllocator();
        foreach (var resource in ordered)
        {
            var runners = CreateRunners(resource, ports).ToList();
            foreach (var runner in runners)
                runner.Changed += s => ResourceChanged?.Invoke(s);
            _resources.Add((resource, runners));
        }

        context.Console.Written += line => ConsoleWritten?.Invoke(line);
    }

    public event Action<ResourceSnapshot>? ResourceChanged;

    public event Action<ConsoleLine>? ConsoleWritten;

    internal IEnumerable<ResourceRunner> Runners => _resources.SelectMany(r => r.Runners);

    public IReadOnlyList<ResourceSnapshot> GetResources()
    {
        lock (_gate)
            return [.. Runners.Select(r => r.Snapshot), .. _external];
    }

    public IReadOnlyList<ConsoleLine> GetConsole(string resource, long afterSequence, int max) => _context.Console.Read(resource, afterSequence, max);

    public async Task<bool> ExecuteAsync(string resource, ResourceCommand command, CancellationToken cancellationToken)
    {
        var runner = Runners.FirstOrDefault(r => string.Equals(r.Name, resource, StringComparison.Ordinal));
        if (runner is null)
            return false;
        switch (command)
        {
            case ResourceCommand.Start:
                await runner.StartAsync(cancellationToken);
                return true;
            case ResourceCommand.Stop:
                await runner.StopAsync(cancellationToken);
                return true;
            case ResourceCommand.Restart:
                await runner.StopAsync(cancellationToken);
                await runner.StartAsync(cancellationToken);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A resource the supervisor does not run but lists (the dashboard itself).</summary>
    public void AddExternal(ResourceSnapshot snapshot)
    {
        lock (_gate)
            _external.Add(snapshot);
        ResourceChanged?.Invoke(snapshot);
    }

    /// <summary>Starts every resource in dependency order (independent ones at once); completes when each was started.</summary>
    public Task StartAllAsync(CancellationToken cancellationToken)
    {
        var started = new Dictionary<Resource, Task>();
        foreach (var (resource, runners) in _resources)
            started[resource] = StartWhenReadyAsync(resource, runners, cancellationToken);
        return Task.WhenAll(started.Values);
    }

    private async Task StartWhenReadyAsync(Resource resource, List<ResourceRunner> runners, CancellationToken cancellationToken)
    {
        var references = resource.References.Cast<IResource>().Except(resource.WaitsFor).ToList();
        if (resource.WaitsFor.Count + references.Count > 0)
        {
            foreach (var runner in runners)
                runner.MarkWaiting();
            // What it references must run (its URL or connection string exists); what it waits for must be healthy.
            foreach (var dependency in references)
                await WhenAllAsync(dependency, s => s.State == ResourceState.Running, cancellationToken);
            foreach (var dependency in resource.WaitsFor)
                await WhenAllAsync(dependency, s => s.State == ResourceState.Running && s.Health == ResourceHealth.Healthy, cancellationToken);
        }

        await Task.WhenAll(runners.Select(r => r.StartAsync(cancellationToken)));
    }

    private Task WhenAllAsync(IResource dependency, Func<ResourceSnapshot, bool> condition, CancellationToken cancellationToken) =>
        Task.WhenAll(_resources.Single(r => ReferenceEquals(r.Resource, dependency)).Runners.Select(r => r.WaitUntilAsync(condition, cancellationToken)));

    /// <summary>Completes when every resource runs and is healthy.</summary>
    public Task WaitAllHealthyAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Runners.Select(r => r.WaitUntilAsync(s => s.State == ResourceState.Running && s.Health == ResourceHealth.Healthy, cancellationToken)));

    /// <summary>Stops dependents before what they depend on: processes (all at once), then backing services in reverse order.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Runners.OfType<ProcessRunner>().Select(r => r.StopAsync(cancellationToken)));
        foreach (var runner in Runners.OfType<BackingRunner>().Reverse())
        {
            try
            {
                await runner.StopAsync(cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                _context.Print($"{runner.Name}: stopping failed: {ex.Message}");
            }
        }
    }

    private IEnumerable<ResourceRunner> CreateRunners(Resource resource, PortAllocator ports)
    {
        switch (resource)
        {
            case ProcessResource process:
                process.Endpoints = process.HasHttpEndpoint
                    ? Enumerable.Range(0, process.Replicas)
                        .Select(i => new Uri($"http://127.0.0.1:{(i == 0 && process.FixedPort is { } port ? port : ports.Next())}/"))
                        .ToList()
                    : [];
                for (var i = 0; i < process.Replicas; i++)
                    yield return new ProcessRunner(process, new ReplicaContext(process.ReplicaName(i), i, process.Endpoints.ElementAtOrDefault(i)), _context);
                break;
            case PostgresServerResource server:
                server.Port = ports.Next();
                yield return new BackingRunner(resource, new LocalPostgresService(server,
                    PostgresBinaries.Directory ?? throw new InvalidOperationException(
                        $"'{server.Name}' needs the PostgreSQL server binaries (initdb, pg_ctl); none were found. Install them (apt-get install postgresql) or set Weft:AppHost:Database=sqlite.")), _context);
                break;
            case PostgresDatabaseResource database:
                yield return new BackingRunner(resource, new PostgresDatabaseService(database), _context);
                break;
            case ExternalPostgresResource external:
                yield return new BackingRunner(resource, new ExternalPostgresService(external), _context);
                break;
            case SqliteDatabaseResource sqlite:
                yield return new BackingRunner(resource, new SqliteService(sqlite), _context);
                break;
            case QdrantResource qdrant:
                yield return new BackingRunner(resource, new QdrantService(qdrant, _context.Http), _context);
                break;
            case EmbeddedVectorStoreResource vectors:
                yield return new BackingRunner(resource, new EmbeddedVectorsService(vectors), _context);
                break;
            default:
                throw new InvalidOperationException($"The supervisor cannot run resource '{resource.Name}' of kind {resource.Kind}.");
        }
    }
}
