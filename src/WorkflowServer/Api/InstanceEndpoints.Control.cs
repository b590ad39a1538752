using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Api;

/// <summary>Signal, cancel, terminate and retry: each accepted request is 202 — the instance's worker acts on it.</summary>
internal static partial class InstanceEndpoints
{
    private static void MapControl(RouteGroupBuilder group)
    {
        group.MapPost("/{id}/signals/{name}", SignalAsync)
            .WithSummary("Sends a named signal; the body (any JSON, or empty) is its payload. Kept in the inbox until a signal.wait takes it.")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted);
        group.MapPost("/{id}/cancel", (string id, IWorkflowClient client, CancellationToken ct) => StopAsync(id, "cancel", client.CancelAsync, ct))
            .WithSummary("Cancels: running nodes see their cancellation, then the instance ends Cancelled.")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted);
        group.MapPost("/{id}/terminate", (string id, IWorkflowClient client, CancellationToken ct) => StopAsync(id, "terminate", client.TerminateAsync, ct))
            .WithSummary("Terminates at once, without waiting for running nodes.")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted);
        group.MapPost("/{id}/retry", RetryAsync)
            .WithSummary("Continues a Faulted instance from its failed nodes.")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> SignalAsync(string id, string name, HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ApiProblemException.BadRequest("The signal name is empty.", "name");
        var (_, payload) = await JsonBody.ReadNodeAsync(request, required: false, cancellationToken).ConfigureAwait(false);
        return await client.SignalAsync(id, name, payload, cancellationToken).ConfigureAwait(false) switch
        {
            SignalDelivery.Accepted => TypedResults.Accepted($"/api/instances/{Uri.EscapeDataString(id)}", new AcceptedResponse(id, "signal:" + name)),
            SignalDelivery.InstanceNotFound => throw UnknownInstance(id),
            _ => throw ApiProblemException.Conflict($"Instance '{id}' has ended; the signal '{name}' was not stored.", "id"),
        };
    }

    private static async Task<IResult> StopAsync(
        string id, string action, Func<string, CancellationToken, Task<InstanceStatus?>> stop, CancellationToken cancellationToken)
    {
        var before = await stop(id, cancellationToken).ConfigureAwait(false) ?? throw UnknownInstance(id);
        if (before.IsFinal())
            throw ApiProblemException.Conflict($"Instance '{id}' has ended ({Lower(before)}); there is nothing to {action}.", "id").With("instanceStatus", Lower(before));
        return TypedResults.Accepted($"/api/instances/{Uri.EscapeDataString(id)}", new AcceptedResponse(id, action, before));
    }

    private static async Task<IResult> RetryAsync(string id, IWorkflowClient client, CancellationToken cancellationToken) =>
        await client.RetryAsync(id, cancellationToken).ConfigureAwait(false) switch
        {
            RetryOutcome.Retried => TypedResults.Accepted($"/api/instances/{Uri.EscapeDataString(id)}", new AcceptedResponse(id, "retry", InstanceStatus.Faulted)),
            RetryOutcome.NotFound => throw UnknownInstance(id),
            RetryOutcome.NotFaulted => throw ApiProblemException.Conflict($"Instance '{id}' is not faulted; only faulted instances can be retried.", "id"),
            _ => throw ApiProblemException.Conflict($"A worker holds instance '{id}' right now; try again shortly.", "id"),
        };

    private static string Lower(InstanceStatus status) => char.ToLowerInvariant(status.ToString()[0]) + status.ToString()[1..];
}
