using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Api;

/// <summary><c>/api/queues</c> and <c>/api/workers</c>: is work waiting, and is anyone there to run it.</summary>
internal static class RuntimeEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/queues", async (WorkflowRuntime runtime, CancellationToken cancellationToken) =>
                TypedResults.Ok(await runtime.GetQueuesAsync(cancellationToken).ConfigureAwait(false)))
            .WithTags("Runtime").WithSummary("Per queue: waiting and leased work, oldest due time, live workers, and whether it is stalled.");
        api.MapGet("/workers", async (WorkflowRuntime runtime, CancellationToken cancellationToken) =>
                TypedResults.Ok(await runtime.GetWorkersAsync(cancellationToken).ConfigureAwait(false)))
            .WithTags("Runtime").WithSummary("Workers seen within three heartbeat intervals.");
    }
}
