using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>Starts, signals, queries and controls instances. The server's REST API and the CLI are thin layers over it.</summary>
public interface IWorkflowClient
{
    /// <summary>
    /// Starts an instance of the published (or given) version. With an instance id or idempotency key
    /// that exists already, returns that instance (<c>useExisting</c>) or throws
    /// <see cref="WorkflowConflictException"/> (<c>fail</c>).
    /// </summary>
    Task<StartResult> StartAsync(StartRequest request, CancellationToken cancellationToken = default);

    /// <summary>Status, current nodes, variables, outputs and progress; null when unknown.</summary>
    Task<InstanceSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Delivers a named signal; kept in the inbox if no bookmark waits for it yet.</summary>
    Task<SignalDelivery> SignalAsync(string instanceId, string name, JsonNode? payload = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels: running nodes see their cancellation token, then the instance ends Cancelled.</summary>
    Task<InstanceStatus?> CancelAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Terminates at once, without waiting for running nodes.</summary>
    Task<InstanceStatus?> TerminateAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Continues a Faulted instance from its failed node(s), keeping everything that completed.</summary>
    Task<RetryOutcome> RetryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Completes when the instance reaches a final status (or Suspended, when <paramref name="untilSuspended"/>).</summary>
    Task<InstanceSnapshot> WaitAsync(string instanceId, bool untilSuspended = false, CancellationToken cancellationToken = default);
}

public sealed record StartRequest
{
    public required string DefinitionId { get; init; }

    /// <summary>A specific version; null starts the published version (or the latest when none is published and <see cref="AllowDraft"/>).</summary>
    public int? Version { get; init; }

    /// <summary>Start the latest saved version when none is published (CLI, tests, Studio's run console).</summary>
    public bool AllowDraft { get; init; }

    public JsonObject? Input { get; init; }

    /// <summary>Caller-chosen instance id; starting twice with it is idempotent.</summary>
    public string? InstanceId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>The HTTP request that triggered the start.</summary>
    public JsonObject? Trigger { get; init; }

    /// <summary>W3C traceparent of the caller.</summary>
    public string? TraceParent { get; init; }

    public string? ParentInstanceId { get; init; }
    public string? ParentNodeId { get; init; }
}

public sealed record StartResult(string InstanceId, bool Created, InstanceStatus Status);

public enum RetryOutcome
{
    Retried,
    NotFound,

    /// <summary>Only Faulted instances can be retried.</summary>
    NotFaulted,

    /// <summary>A worker holds the instance right now; try again.</summary>
    Busy,
}

/// <summary>What a query returns: status, where the instance stands, and what it produced.</summary>
public sealed record InstanceSnapshot(
    string InstanceId,
    string DefinitionId,
    int DefinitionVersion,
    InstanceStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    JsonObject Input,
    JsonObject Variables,
    JsonNode? Output,
    ActivityError? Error,
    IReadOnlyList<CurrentNode> CurrentNodes,
    IReadOnlyDictionary<string, JsonNode?> NodeOutputs,
    InstanceProgress Progress);

/// <summary>A node that is running, waiting for a retry, or suspended.</summary>
public sealed record CurrentNode(string NodeId, string Scope, NodeStatus Status, int Attempt, string? WaitingFor, DateTimeOffset? DueAt);

/// <summary>Top-level nodes finished (completed or skipped) out of all top-level nodes.</summary>
public sealed record InstanceProgress(int Finished, int Total)
{
    public double Fraction => Total == 0 ? 1 : (double)Finished / Total;
}

/// <summary>A start refused: unknown definition, invalid input, or an idempotency conflict.</summary>
public class WorkflowStartException(string message, string? field = null) : Exception(message)
{
    /// <summary>The JSON path of the offending field, when there is one (e.g. <c>input.documentId</c>).</summary>
    public string? Field { get; } = field;
}

public sealed class WorkflowNotFoundException(string definitionId, string message)
    : WorkflowStartException(message, "definitionId")
{
    public string DefinitionId { get; } = definitionId;
}

public sealed class WorkflowConflictException(string instanceId, string message) : WorkflowStartException(message)
{
    public string ExistingInstanceId { get; } = instanceId;
}
