namespace Weft.AppHost.Hosting;

/// <summary>The Aspire-shaped verbs: <c>WithReference</c>, <c>WaitFor</c>, <c>WithReplicas</c>, <c>WithHttpHealthCheck</c>, <c>WithEnvironment</c>, <c>WithHttpEndpoint</c>.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Gives this resource the other's environment (URLs, connection string); the other starts first.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> other) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(other);
        if (other.Resource is not IReferenceableResource referenceable)
            throw new ArgumentException($"Resource '{other.Resource.Name}' cannot be referenced.", nameof(other));
        if (!builder.Resource.References.Contains(referenceable))
            builder.Resource.References.Add(referenceable);
        return builder;
    }

    /// <summary>This resource starts only once the other is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> other) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(other);
        if (!builder.Resource.WaitsFor.Contains(other.Resource))
            builder.Resource.WaitsFor.Add(other.Resource);
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> processes, each on its own port, named "name-1", "name-2"… when more than one.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>The resource is healthy while GET <paramref name="path"/> answers 2xx; dependents that wait for it start after that.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health") where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        builder.Resource.HasHttpEndpoint = true;
        builder.Resource.HealthCheckPath = path.StartsWith('/') ? path : "/" + path;
        return builder;
    }

    /// <summary>Serves HTTP on 127.0.0.1:<paramref name="port"/> (first replica; further replicas and a null or 0 port get a free loopback port).</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null) where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.HasHttpEndpoint = true;
        ArgumentOutOfRangeException.ThrowIfNegative(port ?? 0, nameof(port));
        builder.Resource.FixedPort = port is > 0 ? port : null;
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : ProcessResource =>
        builder.WithEnvironment(name, _ => value);

    /// <summary>An environment variable whose value depends on the replica (e.g. a stable worker id per replica).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<ReplicaContext, string> value) where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        builder.Resource.Environment.Add((name, value));
        return builder;
    }

    /// <summary>A setting referencing services receive alongside the connection string (e.g. which store provider reads it).</summary>
    public static IResourceBuilder<T> WithReferenceEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : ConnectionStringResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ReferenceEnvironment[name] = value;
        return builder;
    }

    /// <summary>A fact printed about the resource and shown in the dashboard (what backs it, how to choose otherwise).</summary>
    public static IResourceBuilder<T> WithProperty<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Properties[name] = value;
        return builder;
    }
}
