namespace Weft.AppHost.Hosting;

/// <summary>Orders resources so that each comes after everything it references or waits for; refuses cycles and strangers.</summary>
internal static class ResourceGraph
{
    public static IReadOnlyList<Resource> Order(IReadOnlyList<Resource> resources)
    {
        var ordered = new List<Resource>(resources.Count);
        var state = new Dictionary<Resource, bool>(); // false: being visited, true: done
        foreach (var resource in resources)
            Visit(resource, resources, state, ordered, []);
        return ordered;
    }

    private static void Visit(Resource resource, IReadOnlyList<Resource> all, Dictionary<Resource, bool> state, List<Resource> ordered, List<string> path)
    {
        if (state.TryGetValue(resource, out var done))
        {
            if (!done)
                throw new InvalidOperationException($"Resources depend on each other in a cycle: {string.Join(" → ", path.Append(resource.Name))}.");
            return;
        }

        state[resource] = false;
        path.Add(resource.Name);
        foreach (var dependency in resource.Dependencies)
        {
            if (dependency is not Resource known || !all.Contains(known))
                throw new InvalidOperationException($"Resource '{resource.Name}' depends on '{dependency.Name}', which was not added to this application.");
            Visit(known, all, state, ordered, path);
        }

        path.RemoveAt(path.Count - 1);
        state[resource] = true;
        ordered.Add(resource);
    }
}
