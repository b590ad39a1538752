using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Tests;

/// <summary>
/// What a refused request must not have changed, read back from the store: every definition with its
/// versions and published version, and every instance with its status. Records compare by value.
/// </summary>
internal sealed record StoreState(string Definitions, string Instances)
{
    public static async Task<StoreState> CaptureAsync(IWorkflowStore store)
    {
        var definitions = new List<string>();
        foreach (var summary in await store.ListDefinitionsAsync())
        {
            var versions = await store.ListDefinitionVersionsAsync(summary.Id);
            definitions.Add($"{summary.Id}: latest {summary.LatestVersion}, published {summary.PublishedVersion?.ToString() ?? "-"}, versions [{string.Join(",", versions.Select(v => v.Version))}]");
        }
        var page = await store.ListInstancesAsync(new InstanceQuery { Take = 500 });
        var instances = page.Items.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => $"{i.Id}: {i.DefinitionId} v{i.DefinitionVersion} {i.Status}");
        return new StoreState(string.Join("\n", definitions), $"total {page.Total}\n" + string.Join("\n", instances));
    }
}
