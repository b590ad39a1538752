using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;

namespace Weft.Engine.Tests.Monitoring;

/// <summary>The monitoring contract on a real SQLite file per test.</summary>
public sealed class SqliteMonitoringTests : MonitoringContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("weft-monitoring-").FullName;

    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") });
        await store.InitializeAsync();
        return store;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
