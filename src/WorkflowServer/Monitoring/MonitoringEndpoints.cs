namespace Weft.WorkflowServer.Monitoring;

/// <summary>The monitoring API under <c>/api</c>: <c>/metrics/…</c> and <c>/alerts/…</c>.</summary>
public static class MonitoringEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        MetricsEndpoints.Map(api);
        AlertEndpoints.Map(api);
    }
}
