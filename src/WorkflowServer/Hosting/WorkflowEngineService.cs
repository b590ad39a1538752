using Microsoft.Extensions.Options;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Opens the store and starts the runtime's workers before Kestrel serves the first request (hosted
/// services start before the server in a WebApplication), and stops the workers on shutdown so their
/// leases are released and another process (or this one, restarted) resumes the work at once.
/// </summary>
internal sealed partial class WorkflowEngineService(
    IWorkflowStore store,
    WorkflowRuntime runtime,
    IOptions<WorkflowServerOptions> options,
    IHostEnvironment environment,
    ILogger<WorkflowEngineService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = settings.Store.Sqlite.Path!;
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        LogStore(logger, path);

        var keys = settings.ApiKeys.Count(k => !string.IsNullOrEmpty(k));
        if (environment.IsDevelopment()) LogKeysOff(logger, environment.EnvironmentName);
        else if (keys == 0) LogNoKeys(logger);
        else LogKeysOn(logger, keys);

        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        LogWorker(logger, runtime.Options.WorkerId, string.Join(", ", runtime.Options.Queues));
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync().ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow store: SQLite file {Path}")]
    private static partial void LogStore(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API keys are off: the {Environment} environment leaves /api, /workflows and /openapi open")]
    private static partial void LogKeysOff(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API keys are on but none is configured: every /api, /workflows and /openapi request is refused (401). Set Weft:ApiKeys:0 (environment variable Weft__ApiKeys__0)")]
    private static partial void LogNoKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys are on: {Count} key(s) accepted in the X-Api-Key header")]
    private static partial void LogKeysOn(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow runtime started: worker {WorkerId} on queue(s) {Queues}")]
    private static partial void LogWorker(ILogger logger, string workerId, string queues);
}
