namespace Weft.Engine.Activities.Http;

/// <summary>SEAM (triggers helper replaces): registers http.trigger, http.respond and http.request.</summary>
public static class HttpActivities
{
    public static ActivityRegistry Register(ActivityRegistry registry) => registry;
}
