namespace Weft.AppHost.Hosting;

/// <summary>
/// A resource the supervisor runs as operating-system processes (one per replica): a project or an executable.
/// It can serve HTTP on a loopback port the supervisor assigns, be health-checked, and be referenced by URL.
/// </summary>
public abstract class ProcessResource(string name, string kind) : Resource(name, kind), IReferenceableResource
{
    /// <summary>How many processes run it. Default: 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Whether it serves HTTP; projects always do.</summary>
    public bool HasHttpEndpoint { get; set; }

    /// <summary>A fixed port for the first replica; null (default) means a free loopback port is assigned.</summary>
    public int? FixedPort { get; set; }

    /// <summary>The path probed with GET until it answers 2xx (e.g. <c>/health</c>); null means healthy once running.</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>Environment set on every replica; a value is computed per replica (its name, its URL…).</summary>
    public List<(string Name, Func<ReplicaContext, string> Value)> Environment { get; } = [];

    /// <summary>The URL of each replica, set by the supervisor before anything starts.</summary>
    public IReadOnlyList<Uri> Endpoints { get; internal set; } = [];

    /// <summary>The resource name of replica <paramref name="index"/> (0-based): the plain name when there is one, else "name-1", "name-2"…</summary>
    public string ReplicaName(int index) => Replicas == 1 ? Name : $"{Name}-{index + 1}";

    public IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        Endpoints.Select((url, i) => new KeyValuePair<string, string>($"services__{Name}__http__{i}", url.ToString().TrimEnd('/')));
}

/// <summary>What a per-replica environment value can depend on.</summary>
/// <param name="ReplicaName">"workflowserver" or "workflowserver-2".</param>
/// <param name="Index">0-based replica index.</param>
/// <param name="Endpoint">The replica's URL, or null when it serves no HTTP.</param>
public sealed record ReplicaContext(string ReplicaName, int Index, Uri? Endpoint);
