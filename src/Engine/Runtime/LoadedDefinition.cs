using System.Collections.Concurrent;
using Weft.Engine.Model;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>A definition version with its graph index.</summary>
internal sealed record LoadedDefinition(WorkflowDefinition Definition, FlowGraph Graph);

/// <summary>
/// Definition versions are immutable once saved, so each (id, version) is read from the store and
/// indexed once per process.
/// </summary>
internal sealed class DefinitionCache(IWorkflowStore store)
{
    private readonly ConcurrentDictionary<(string, int), Task<LoadedDefinition?>> _cache = new();

    public async Task<LoadedDefinition?> GetAsync(string id, int version, CancellationToken cancellationToken)
    {
        var task = _cache.GetOrAdd((id, version), key => LoadAsync(key.Item1, key.Item2));
        var loaded = await task.WaitAsync(cancellationToken);
        if (loaded is null) _cache.TryRemove((id, version), out _); // may be saved later; don't cache absence
        return loaded;
    }

    /// <summary>The indexed form of a version the caller has just read from the store (no second read when not cached yet).</summary>
    public LoadedDefinition Get(WorkflowDefinition definition)
    {
        var task = _cache.GetOrAdd((definition.Id, definition.Version), _ => Task.FromResult<LoadedDefinition?>(Index(definition)));
        return task.IsCompletedSuccessfully && task.Result is { } loaded ? loaded : Index(definition);
    }

    private static LoadedDefinition Index(WorkflowDefinition definition) => new(definition, new FlowGraph(definition.Nodes, definition.Edges));

    private async Task<LoadedDefinition?> LoadAsync(string id, int version)
    {
        var definition = await store.GetDefinitionAsync(id, version, CancellationToken.None);
        return definition is null ? null : Index(definition);
    }
}
