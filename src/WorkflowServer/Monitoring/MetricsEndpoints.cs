using Weft.Engine.Monitoring;
using Weft.Engine.Storage;
using Weft.WorkflowServer.Api;

namespace Weft.WorkflowServer.Monitoring;

/// <summary><c>/api/metrics</c>: per workflow, per node and per activity type over a window (docs/monitoring.md).</summary>
internal static class MetricsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var metrics = api.MapGroup("/metrics").WithTags("Monitoring");

        metrics.MapGet("/workflows", async (HttpRequest request, IMonitoringQueries queries, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var window = MetricsWindowParser.Parse(request.Query, time.GetUtcNow());
            var workflows = await queries.GetWorkflowMetricsAsync(window, null, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new WorkflowMetricsResponse(window.From, window.To, workflows));
        }).WithSummary("Per workflow: runs, successes, failures, success rate, retries, tokens and durations of the instances created in the window.");

        metrics.MapGet("/workflows/{definitionId}", async (string definitionId, HttpRequest request, IMonitoringQueries queries, IWorkflowStore store,
            TimeProvider time, CancellationToken cancellationToken) =>
        {
            var window = MetricsWindowParser.Parse(request.Query, time.GetUtcNow());
            var workflow = (await queries.GetWorkflowMetricsAsync(window, definitionId, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
            var nodes = await queries.GetNodeMetricsAsync(window, definitionId, cancellationToken).ConfigureAwait(false);
            if (workflow is null && nodes.Count == 0 && await store.GetDefinitionAsync(definitionId, null, cancellationToken).ConfigureAwait(false) is null)
                throw ApiProblemException.NotFound($"Workflow '{definitionId}' does not exist and has no runs.", "definitionId");
            workflow ??= new WorkflowMetrics(definitionId, 0, 0, 0, 0, 0, null, 0, 0, DurationStats.Empty);
            return TypedResults.Ok(new WorkflowDetailResponse(window.From, window.To, workflow, nodes));
        }).WithSummary("One workflow's figures, and per node beneath.");

        metrics.MapGet("/activities", async (HttpRequest request, IMonitoringQueries queries, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var window = MetricsWindowParser.Parse(request.Query, time.GetUtcNow());
            var activities = await queries.GetActivityMetricsAsync(window, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new ActivityMetricsResponse(window.From, window.To, activities));
        }).WithSummary("Per activity type, over every workflow.");
    }
}

internal sealed record WorkflowMetricsResponse(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<WorkflowMetrics> Workflows);

internal sealed record WorkflowDetailResponse(DateTimeOffset From, DateTimeOffset To, WorkflowMetrics Workflow, IReadOnlyList<NodeMetrics> Nodes);

internal sealed record ActivityMetricsResponse(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ActivityTypeMetrics> Activities);
