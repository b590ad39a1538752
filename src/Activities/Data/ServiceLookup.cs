using Weft.Engine.Activities;

namespace Weft.Activities.Data;

/// <summary>Finds the services an activity needs in <see cref="ActivityContext.Services"/>, with a clear error when the host did not register them.</summary>
internal static class ServiceLookup
{
    public static T? Find<T>(this ActivityContext context) where T : class =>
        context.Services.GetService(typeof(T)) as T;

    /// <summary>The service, or a non-retryable <c>ConfigurationError</c> that says what to register.</summary>
    public static T Require<T>(this ActivityContext context, string purpose) where T : class =>
        context.Find<T>() ?? throw new ActivityException(
            DataErrors.Configuration,
            $"Node '{context.NodeId}' ({context.Node.Type}) needs {purpose}, but the host registers no {typeof(T).Name}.",
            retryable: false);
}
