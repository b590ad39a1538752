using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// <c>/workflows/{**path}</c>: finds the published trigger for the method and path, starts its
/// workflow with the request, and answers — at once (async: 202) or from the instance (sync:
/// <c>http.respond</c>, the output, or 504 with the instance URL when the trigger's timeout passes).
/// </summary>
internal static class TriggerHandler
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static async Task<IResult> HandleAsync(HttpContext http, [FromServices] TriggerRouteTable routes, [FromServices] WorkflowRuntime runtime)
    {
        var request = http.Request;
        // Match on the raw request path after /workflows (as routing does), not on the decoded catch-all value.
        request.Path.StartsWithSegments("/workflows", StringComparison.OrdinalIgnoreCase, out var path);
        var match = routes.Current.Match(request.Method, path.HasValue ? path : new PathString("/"), http);
        if (match.Route is not { } route)
            return match.AllowedMethods.Count > 0 ? TriggerResults.MethodNotAllowed(http, match.AllowedMethods) : TriggerResults.NotFound(request);

        var read = await TriggerRequestReader.ReadAsync(request, route, match.Values!, http.RequestAborted).ConfigureAwait(false);
        if (read.Error is not null) return TriggerResults.BadRequest(read.Error, "body");
        var (idempotencyKey, keyError) = TriggerIdempotencyKey.Resolve(request, route, read);
        if (keyError is not null) return TriggerResults.BadRequest(keyError, "idempotencyKey");

        // The id is ours before the start so the sync wait can subscribe first: an instance that
        // responds or ends at once cannot slip between starting and listening.
        var instanceId = Guid.CreateVersion7().ToString("N");
        var subscription = route.IsAsync ? null : runtime.Events.Subscribe(instanceId);
        try
        {
            StartResult started;
            try
            {
                started = await runtime.Client.StartAsync(new StartRequest
                {
                    DefinitionId = route.DefinitionId,
                    // The version whose trigger matched (routes follow publishing): read from the runtime's cache, not the store.
                    Version = route.Version,
                    Input = read.Input,
                    InstanceId = instanceId,
                    IdempotencyKey = idempotencyKey,
                    Trigger = read.Trigger,
                    // ASP.NET Core's request activity continues the caller's traceparent; the workflow's span becomes its child.
                    TraceParent = Activity.Current?.Id ?? request.Headers["traceparent"].FirstOrDefault(),
                }, http.RequestAborted).ConfigureAwait(false);
            }
            catch (WorkflowNotFoundException ex)
            {
                return TriggerResults.StartRefused(StatusCodes.Status404NotFound, "No workflow answers this route", ex.Message);
            }
            catch (WorkflowConflictException ex)
            {
                http.Response.Headers[TriggerResults.InstanceIdHeader] = ex.ExistingInstanceId;
                return TriggerResults.StartRefused(StatusCodes.Status409Conflict, "The instance exists already", ex.Message, ex.ExistingInstanceId);
            }
            catch (WorkflowStartException ex)
            {
                return TriggerResults.BadRequest(ex.Message, ex.Field);
            }

            http.Response.Headers[TriggerResults.InstanceIdHeader] = started.InstanceId;
            if (route.IsAsync) return TriggerResults.Accepted(http, started.InstanceId);

            if (started.InstanceId != instanceId)
            {
                // An idempotent repeat: follow the instance that exists (the waiter reads its past from the store).
                subscription!.Dispose();
                subscription = runtime.Events.Subscribe(started.InstanceId);
            }
            var outcome = await TriggerResponseWaiter.WaitAsync(runtime.Store, subscription!, started.InstanceId, route.Timeout, justCreated: started.Created, http.RequestAborted).ConfigureAwait(false);
            return TriggerResults.From(http, started.InstanceId, outcome);
        }
        finally
        {
            subscription?.Dispose();
        }
    }
}
