namespace Weft.Engine.Runtime;

/// <summary>How a runtime (one process's workers) behaves. Every default is the one documented here.</summary>
public sealed class WorkflowRuntimeOptions
{
    /// <summary>Identifies this worker in leases and presence. Default: host name, process id and a random suffix.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The queues this runtime's workers take work from. Default: <c>default</c>.</summary>
    public IReadOnlyList<string> Queues { get; set; } = ["default"];

    /// <summary>Instances run at once by this process. Default: 64.</summary>
    public int MaxConcurrentInstances { get; set; } = 64;

    /// <summary>How long a claim lasts without renewal; a crashed worker's instances are re-claimed after it. Default: 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest the dispatcher sleeps before asking the store for work again (other processes may add some). Default: 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A timer or retry due within this long is awaited in memory with the lease kept; a later one
    /// releases the instance with a durable wake-up time. Default: 2 s.
    /// </summary>
    public TimeSpan InMemoryWaitThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a worker records its presence (queues served, instances running). A worker unseen for three intervals counts as gone. Default: 10 s.</summary>
    public TimeSpan WorkerHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Values read by <c>secrets.name</c> in expressions. Default: none.</summary>
    public IDictionary<string, string> Secrets { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Most inline nodes (activities marked <c>[Activity(Inline = true)]</c>: <c>vars.set</c>, <c>flow.if</c>,
    /// <c>http.respond</c>…) an instance runs in a row before it commits them. Inline nodes need no commit before they
    /// start, so a chain of them costs one commit instead of one each; the bound keeps a long loop of them
    /// committing (and its pending journal small). 0 runs every node the ordinary way, one commit each. Default: 100.
    /// </summary>
    public int MaxInlineNodesPerCommit { get; set; } = 100;

    /// <summary>
    /// Most journal rows an ephemeral run (<see cref="Model.WorkflowDurability.Ephemeral"/>) keeps in memory; a run that
    /// grows past it is stored, with everything so far, and goes on durably, so a long loop cannot pile up unbounded
    /// memory that one late failure would then write at once. Default: 1,000.
    /// </summary>
    public int MaxEphemeralJournalEntries { get; set; } = 1000;

    /// <summary>False to run only as a client (start, signal, query) without executing work in this process. Default: true.</summary>
    public bool RunWorkers { get; set; } = true;
}
