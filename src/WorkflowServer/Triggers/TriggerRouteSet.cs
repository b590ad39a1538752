namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// An immutable set of trigger routes, ordered for matching (most specific first, as ASP.NET Core
/// routing orders them). The route table swaps whole sets, so a request sees one consistent set.
/// </summary>
internal sealed class TriggerRouteSet
{
    public static readonly TriggerRouteSet Empty = new([], []);

    private TriggerRouteSet(IReadOnlyList<TriggerRoute> routes, IReadOnlyList<string> conflicts)
    {
        Routes = routes;
        Conflicts = conflicts;
    }

    public IReadOnlyList<TriggerRoute> Routes { get; }

    /// <summary>One line per method and route claimed by more than one trigger, naming the winner.</summary>
    public IReadOnlyList<string> Conflicts { get; }

    /// <summary>
    /// Keeps one route per method and shape: the one whose definition was published most recently
    /// (then the lower definition id, then the first node, so the choice is stable).
    /// </summary>
    public static TriggerRouteSet Build(IEnumerable<TriggerRoute> candidates)
    {
        var winners = new List<TriggerRoute>();
        var conflicts = new List<string>();
        foreach (var group in candidates.GroupBy(r => (r.Method, r.Shape)))
        {
            var ordered = group
                .OrderByDescending(r => r.PublishedAt)
                .ThenBy(r => r.DefinitionId, StringComparer.Ordinal)
                .ThenBy(r => r.NodeId, StringComparer.Ordinal)
                .ToList();
            var winner = ordered[0];
            winners.Add(winner);
            if (ordered.Count > 1)
            {
                var losers = string.Join(", ", ordered.Skip(1).Select(r => $"'{r.DefinitionId}' v{r.Version} node '{r.NodeId}'"));
                conflicts.Add($"{winner.Display} is claimed by more than one published trigger; '{winner.DefinitionId}' v{winner.Version} node '{winner.NodeId}' (published most recently) answers, not {losers}.");
            }
        }
        winners.Sort((a, b) =>
        {
            var byPrecedence = a.Precedence.CompareTo(b.Precedence);
            return byPrecedence != 0 ? byPrecedence : string.CompareOrdinal(a.Shape, b.Shape);
        });
        return new TriggerRouteSet(winners, conflicts);
    }

    /// <summary>
    /// The route for <paramref name="method"/> and <paramref name="path"/> (relative to /workflows,
    /// starting with '/'); otherwise the methods that path answers (405), or nothing (404).
    /// </summary>
    public TriggerMatch Match(string method, PathString path, HttpContext httpContext)
    {
        SortedSet<string>? allowed = null;
        foreach (var route in Routes)
        {
            var values = new RouteValueDictionary();
            if (!route.Matcher.TryMatch(path, values) || !ConstraintsMatch(route, values, httpContext)) continue;
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)) return new TriggerMatch(route, values, []);
            (allowed ??= new(StringComparer.Ordinal)).Add(route.Method);
        }
        return new TriggerMatch(null, null, allowed is null ? [] : [.. allowed]);
    }

    private static bool ConstraintsMatch(TriggerRoute route, RouteValueDictionary values, HttpContext httpContext)
    {
        foreach (var (name, constraint) in route.Constraints)
        {
            if (!constraint.Match(httpContext, null, name, values, RouteDirection.IncomingRequest)) return false;
        }
        return true;
    }
}

/// <summary>A found route with its values, or (no route) the methods the path answers to.</summary>
internal sealed record TriggerMatch(TriggerRoute? Route, RouteValueDictionary? Values, IReadOnlyList<string> AllowedMethods);
