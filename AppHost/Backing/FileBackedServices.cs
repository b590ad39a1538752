using Weft.AppHost.Hosting;

namespace Weft.AppHost.Backing;

/// <summary>SQLite: nothing runs; the folder of the file is created and the file's folder being writable is its health.</summary>
internal sealed class SqliteService(SqliteDatabaseResource resource) : IBackingService
{
    public Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(resource.Path)!);
        note($"SQLite database file {resource.Path}");
        return Task.FromResult(new BackingStarted(null, [resource.ConnectionString]));
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(Directory.Exists(Path.GetDirectoryName(resource.Path)));

    public Task StopAsync(Action<string> note, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The embedded vector store lives inside each service; the AppHost only provides the shared folder.</summary>
internal sealed class EmbeddedVectorsService(EmbeddedVectorStoreResource resource) : IBackingService
{
    public Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(resource.Directory);
        note($"embedded vector store in {resource.Directory}");
        return Task.FromResult(new BackingStarted(null, [resource.Directory]));
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(Directory.Exists(resource.Directory));

    public Task StopAsync(Action<string> note, CancellationToken cancellationToken) => Task.CompletedTask;
}
