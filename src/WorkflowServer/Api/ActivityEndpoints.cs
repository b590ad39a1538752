using Weft.Engine.Activities;

namespace Weft.WorkflowServer.Api;

/// <summary><c>/api/activities</c>: the descriptors that drive Studio's palette and inspector.</summary>
internal static class ActivityEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/activities").WithTags("Activities");
        group.MapGet("/", (ActivityRegistry registry) => TypedResults.Ok(registry.Descriptors.ToArray()))
            .WithSummary("Every activity type this server runs, by category.");
        group.MapGet("/{type}", Get).WithSummary("One activity type's descriptor.");
    }

    private static IResult Get(string type, ActivityRegistry registry) =>
        registry.TryGet(type, out var registration)
            ? TypedResults.Ok(registration.Descriptor)
            : throw ApiProblemException.NotFound($"There is no activity type '{type}'; GET /api/activities lists them.", "type");
}
