using Npgsql;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;

namespace Weft.Engine.Tests.Storage;

/// <summary>
/// The contract on a throwaway PostgreSQL cluster, each test in a schema of its own, plus what only PostgreSQL has
/// (the other partial files): several stores on one database, group commit, LISTEN/NOTIFY, restarts, start-up errors.
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed partial class PostgresWorkflowStoreTests(PostgresCluster cluster) : WorkflowStoreContractTests
{
    protected override async Task<IWorkflowStore> CreateStoreAsync() => await OpenAsync();

    private async Task<PostgresWorkflowStore> OpenAsync(string? schema = null, bool groupCommit = true, string? connectionString = null)
    {
        var store = new PostgresWorkflowStore(cluster.Options(schema, groupCommit, connectionString));
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Runs <paramref name="sql"/> on its own connection, with the store's schema as search path.</summary>
    private async Task<object?> ScalarAsync(string schema, string sql, string? connectionString = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString ?? cluster.ConnectionString) { SearchPath = schema, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
