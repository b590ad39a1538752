namespace Weft.AppHost.Hosting;

/// <summary>A resource being composed: the <c>With…</c> extension methods configure it and return the same builder.</summary>
public interface IResourceBuilder<out T> where T : Resource
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T> where T : Resource
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}
