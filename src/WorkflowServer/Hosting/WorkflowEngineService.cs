using Microsoft.Extensions.Options;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Opens the store and starts the runtime's workers before Kestrel serves the first request (hosted
/// services start before the server in a WebApplication), and stops the workers on shutdown so their
/// leases are released and another process (or this one, restarted) resumes the work at once.
/// A store that cannot be opened (PostgreSQL unreachable, login refused, SQLite file unusable) stops the
/// server: one line naming the store on stderr and in the log, exit code <see cref="StoreUnavailableExitCode"/>.
/// </summary>
internal sealed partial class WorkflowEngineService(
    IServiceProvider services,
    IOptions<WorkflowServerOptions> options,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    ILogger<WorkflowEngineService> logger) : IHostedService
{
    /// <summary>The process exit code when the store cannot be opened at start-up.</summary>
    public const int StoreUnavailableExitCode = 3;

    private WorkflowRuntime? _runtime;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await OpenStoreAsync(settings.Store, cancellationToken).ConfigureAwait(false)) return;

        var keys = settings.ApiKeys.Count(k => !string.IsNullOrEmpty(k));
        if (environment.IsDevelopment()) LogKeysOff(logger, environment.EnvironmentName);
        else if (keys == 0) LogNoKeys(logger);
        else LogKeysOn(logger, keys);

        services.GetRequiredService<Api.EventStreamRelay>().EnsureStarted();
        _runtime = services.GetRequiredService<WorkflowRuntime>();
        await _runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        LogWorker(logger, _runtime.Options.WorkerId, string.Join(", ", _runtime.Options.Queues));
    }

    /// <summary>Creates and migrates the store; false (and the server stopping) when it cannot be opened.</summary>
    private async Task<bool> OpenStoreAsync(StoreSettings settings, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IWorkflowStore>();
        try
        {
            if (settings.SelectedProvider == StoreProvider.Sqlite)
            {
                var directory = Path.GetDirectoryName(settings.Sqlite.Path);
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            }
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PostgresStoreConnectionException or IOException or UnauthorizedAccessException
                                       or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            var message = $"The workflow store cannot be opened: {ex.Message}";
            // Not an exception through the host: that would print a stack trace where one clear line is wanted.
            LogStoreUnavailable(logger, message);
            await Console.Error.WriteLineAsync($"weft: {message}").ConfigureAwait(false);
            Environment.ExitCode = StoreUnavailableExitCode;
            // Stopping now would cancel the start of the other hosted services, which the host reports as a crash
            // (stack trace, abort): let start-up finish, then stop at once. The runtime never starts.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
            return false;
        }

        if (settings.SelectedProvider == StoreProvider.Postgres && store is PostgresWorkflowStore postgres)
            LogPostgres(logger, postgres.Endpoint, postgres.Options.Schema);
        else
            LogSqlite(logger, settings.Sqlite.Path!);
        return true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runtime is not null) await _runtime.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow store: SQLite file {Path}")]
    private static partial void LogSqlite(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow store: PostgreSQL {Endpoint}, schema {Schema}")]
    private static partial void LogPostgres(ILogger logger, string endpoint, string schema);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogStoreUnavailable(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API keys are off: the {Environment} environment leaves /api, /workflows and /openapi open")]
    private static partial void LogKeysOff(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API keys are on but none is configured: every /api, /workflows and /openapi request is refused (401). Set Weft:ApiKeys:0 (environment variable Weft__ApiKeys__0)")]
    private static partial void LogNoKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys are on: {Count} key(s) accepted in the X-Api-Key header")]
    private static partial void LogKeysOn(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow runtime started: worker {WorkerId} on queue(s) {Queues}")]
    private static partial void LogWorker(ILogger logger, string workerId, string queues);
}
