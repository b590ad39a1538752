namespace Weft.AppHost.Hosting;

/// <summary>
/// What every resource carries besides its own settings: what it references, what it waits for, its extra
/// environment and the facts printed about it (what backs it and why). The builder methods fill these in.
/// </summary>
public abstract class Resource(string name, string kind) : IResource
{
    public string Name { get; } = ResourceName.Validate(name);

    /// <summary>project, executable, postgres, postgres-database, sqlite, qdrant, embedded-vectors…</summary>
    public string Kind { get; } = kind;

    /// <summary>Resources whose environment this one receives; they start before it.</summary>
    public List<IReferenceableResource> References { get; } = [];

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public List<IResource> WaitsFor { get; } = [];

    /// <summary>Facts shown in the console and the dashboard (e.g. "backing" → "local PostgreSQL binaries").</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Every resource this one depends on (references and waits), each once.</summary>
    public IEnumerable<IResource> Dependencies => References.Cast<IResource>().Concat(WaitsFor).Distinct();
}
