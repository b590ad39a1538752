namespace Weft.Engine.Activities.Http;

/// <summary>The HTTP activities: <c>http.trigger</c>, <c>http.respond</c> and <c>http.request</c>.</summary>
public static class HttpActivities
{
    public static ActivityRegistry Register(ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add<HttpTriggerActivity>()
            .Add<HttpRespondActivity>()
            .Add<HttpRequestActivity>();
    }
}
