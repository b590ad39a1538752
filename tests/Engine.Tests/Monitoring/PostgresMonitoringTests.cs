using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;
using Weft.Engine.Tests.Storage;

namespace Weft.Engine.Tests.Monitoring;

/// <summary>The monitoring contract on the throwaway PostgreSQL cluster, each test in a schema of its own.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresMonitoringTests(PostgresCluster cluster) : MonitoringContractTests
{
    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        var store = new PostgresWorkflowStore(cluster.Options());
        await store.InitializeAsync();
        return store;
    }
}
