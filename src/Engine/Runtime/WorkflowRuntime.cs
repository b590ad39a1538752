using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Engine.Activities;
using Weft.Engine.Expressions;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>
/// One process's engine: the client API and the workers that run instances from the store.
/// <code>
/// await using var runtime = new WorkflowRuntime(store, registry);
/// await runtime.StartAsync();
/// var started = await runtime.Client.StartAsync(new StartRequest { DefinitionId = "hello", AllowDraft = true });
/// var done = await runtime.Client.WaitAsync(started.InstanceId);
/// </code>
/// </summary>
public sealed class WorkflowRuntime : IAsyncDisposable
{
    private readonly RuntimeServices _services;
    private readonly WorkDispatcher _dispatcher;
    private bool _started;
    private int _disposed;

    public WorkflowRuntime(
        IWorkflowStore store,
        ActivityRegistry registry,
        WorkflowRuntimeOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        IServiceProvider? services = null,
        ExpressionEngine? expressions = null)
    {
        options ??= new WorkflowRuntimeOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        _services = new RuntimeServices
        {
            Store = store,
            Registry = registry,
            Expressions = expressions ?? ExpressionEngine.Default,
            Options = options,
            Time = time ?? TimeProvider.System,
            Logger = loggerFactory.CreateLogger("Weft.Engine.Runtime"),
            ActivityLogger = loggerFactory.CreateLogger("Weft.Activities"),
            Hub = new InstanceEventHub(),
            Definitions = new DefinitionCache(store),
            ServiceProvider = services ?? EmptyServiceProvider.Instance,
            Secrets = new SecretsView(options.Secrets),
        };
        _dispatcher = new WorkDispatcher(_services);
        _services.WakeDispatcher = options.RunWorkers ? _dispatcher.Wake : _ => { };
        _services.LocalStarts = options.RunWorkers ? _dispatcher : null;
        _services.Client = new WorkflowClient(_services);
    }

    public IWorkflowClient Client => _services.Client;
    public InstanceEventHub Events => _services.Hub;
    public ActivityRegistry Activities => _services.Registry;
    public IWorkflowStore Store => _services.Store;
    public WorkflowRuntimeOptions Options => _services.Options;

    /// <summary>Per queue: waiting and running work, and the live workers; a queue with work and no live worker is <see cref="QueueHealth.Stalled"/>.</summary>
    public Task<IReadOnlyList<QueueHealth>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        QueueHealth.ReadAsync(_services.Store, 3 * _services.Options.WorkerHeartbeatInterval, _services.Time.GetUtcNow(), cancellationToken);

    /// <summary>Workers seen within three heartbeat intervals.</summary>
    public Task<IReadOnlyList<WorkerPresence>> GetWorkersAsync(CancellationToken cancellationToken = default) =>
        _services.Store.ListWorkersAsync(_services.Time.GetUtcNow() - 3 * _services.Options.WorkerHeartbeatInterval, cancellationToken);

    /// <summary>Instances this process is running right now.</summary>
    public int ActiveInstances => _dispatcher.ActiveCount;

    /// <summary>Takes back this worker's old leases (a restart with a stable worker id) and starts the workers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started || !_services.Options.RunWorkers) return;
        _started = true;
        await _services.Store.ReleaseLeasesAsync(_services.WorkerId, cancellationToken).ConfigureAwait(false);
        await _dispatcher.RecordPresenceAsync(cancellationToken).ConfigureAwait(false);
        _dispatcher.Start();
    }

    /// <summary>Stops the workers: running attempts are cancelled; what committed stays, and leases are released so the work resumes at once elsewhere.</summary>
    public async ValueTask DisposeAsync()
    {
        // Idempotent: a server stops the runtime from its hosted service, then its DI container disposes it again.
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
        if (_started)
        {
            try
            {
                await _services.Store.ReleaseLeasesAsync(_services.WorkerId, CancellationToken.None).ConfigureAwait(false);
                await _services.Store.RemoveWorkerAsync(_services.WorkerId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) { /* the store went first */ }
        }
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();
        public object? GetService(Type serviceType) => null;
    }

    /// <summary><c>secrets.name</c>: read-only, looked up on access.</summary>
    private sealed class SecretsView(IDictionary<string, string> secrets) : IExpressionObject
    {
        public bool TryGetMember(string name, out object? value)
        {
            var found = secrets.TryGetValue(name, out var secret);
            value = secret;
            return found;
        }

        public IEnumerable<string> MemberNames => secrets.Keys;
    }
}
