using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// The routes of every published <c>http.trigger</c>, rebuilt from the store on
/// <see cref="RefreshAsync"/> (at start-up, after this process publishes, and every
/// <see cref="TriggerOptions.RefreshInterval"/>). Requests read <see cref="Current"/>, which is
/// swapped whole. Compiled routes are kept per (definition, version), so a refresh reads only the
/// definitions whose published version changed.
/// </summary>
internal sealed class TriggerRouteTable(IWorkflowStore store, TriggerRouteCompiler compiler, ILogger<TriggerRouteTable> logger) : ITriggerRoutes
{
    // One refresh at a time: two overlapping ones could finish out of order and leave the older reading in place.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Dictionary<(string Id, int Version), IReadOnlyList<TriggerRoute>> _compiled = [];
    private HashSet<string> _reportedConflicts = new(StringComparer.Ordinal);
    private volatile TriggerRouteSet _current = TriggerRouteSet.Empty;

    public TriggerRouteSet Current => _current;

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var summaries = await store.ListDefinitionsAsync(cancellationToken).ConfigureAwait(false);
            var compiled = new Dictionary<(string Id, int Version), IReadOnlyList<TriggerRoute>>();
            var candidates = new List<TriggerRoute>();
            foreach (var summary in summaries)
            {
                if (summary.PublishedVersion is not { } version) continue;
                if (!_compiled.TryGetValue((summary.Id, version), out var routes))
                {
                    var definition = await store.GetPublishedDefinitionAsync(summary.Id, cancellationToken).ConfigureAwait(false);
                    if (definition is null) continue; // unpublished since the listing
                    version = definition.Version;
                    if (!_compiled.TryGetValue((summary.Id, version), out routes))
                    {
                        var problems = new List<string>();
                        routes = compiler.Compile(definition, problems);
                        foreach (var problem in problems) logger.LogWarning("{Problem}", problem);
                    }
                }
                compiled[(summary.Id, version)] = routes;
                candidates.AddRange(routes.Select(r => r with { PublishedAt = summary.UpdatedAt }));
            }

            var set = TriggerRouteSet.Build(candidates);
            // A conflict is reported once, not on every refresh while it lasts.
            var conflicts = set.Conflicts.ToHashSet(StringComparer.Ordinal);
            foreach (var conflict in conflicts.Except(_reportedConflicts)) logger.LogWarning("{Conflict}", conflict);
            _reportedConflicts = conflicts;
            _compiled = compiled;
            _current = set;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>A refresh that logs its failure instead of throwing (the periodic refresh; the store may be briefly unavailable).</summary>
    public async Task TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Refreshing the HTTP trigger routes failed; the previous routes stay in place.");
        }
    }
}
