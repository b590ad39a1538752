using Microsoft.Extensions.Options;
using Npgsql;
using Weft.Engine.Storage.Postgres;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Completes <see cref="StoreSettings"/> after binding: chooses the provider, resolves the SQLite path or takes the
/// PostgreSQL connection string, and checks what can be checked without connecting. A mistake is kept as
/// <see cref="StoreSettings.ConfigurationError"/> and reported by <see cref="Validate"/> at start-up (one message
/// naming the setting), so the store is never built from settings that cannot work.
/// </summary>
internal sealed class StoreSettingsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IPostConfigureOptions<WorkflowServerOptions>, IValidateOptions<WorkflowServerOptions>
{
    public void PostConfigure(string? name, WorkflowServerOptions options)
    {
        var store = options.Store;
        try
        {
            store.SelectedProvider = StoreSelection.Resolve(configuration);
            if (store.SelectedProvider == StoreProvider.Sqlite)
            {
                store.Sqlite.Path = StorePath.Resolve(configuration, environment.ContentRootPath);
                return;
            }
            store.Postgres.ConnectionString = StoreSelection.PostgresConnectionString(configuration);
            // Building the options checks the connection string's syntax and the schema name (no connection is made).
            _ = new NpgsqlConnectionStringBuilder(store.Postgres.ConnectionString);
            if (store.Postgres.MaxBatch < 1) throw new InvalidOperationException("Weft:Store:Postgres:MaxBatch must be at least 1.");
            if (store.Postgres.CommandTimeout <= TimeSpan.Zero) throw new InvalidOperationException("Weft:Store:Postgres:CommandTimeout must be positive.");
            if (!PostgresStoreOptions.IsValidSchemaName(store.Postgres.Schema))
                throw new InvalidOperationException($"Weft:Store:Postgres:Schema '{store.Postgres.Schema}' is not a lower-case identifier ([a-z_][a-z0-9_]*, at most 50 characters).");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            store.ConfigurationError = ex is InvalidOperationException
                ? ex.Message
                : $"ConnectionStrings:{StorePath.ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}";
        }
    }

    public ValidateOptionsResult Validate(string? name, WorkflowServerOptions options) =>
        options.Store.ConfigurationError is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;

    /// <summary>The PostgreSQL store's options from the settings (after <see cref="PostConfigure"/> succeeded).</summary>
    public static PostgresStoreOptions ToStoreOptions(PostgresSettings settings) => new()
    {
        ConnectionString = settings.ConnectionString!,
        Schema = settings.Schema,
        GroupCommit = settings.GroupCommit,
        MaxBatch = settings.MaxBatch,
        CommandTimeout = settings.CommandTimeout,
    };
}
