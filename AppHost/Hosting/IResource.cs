namespace Weft.AppHost.Hosting;

/// <summary>Something the AppHost composes: a process it runs, or a backing service it starts or points at.</summary>
public interface IResource
{
    /// <summary>The name used in the dashboard, in <c>services__name__…</c> and <c>ConnectionStrings__name</c>.</summary>
    string Name { get; }
}

/// <summary>
/// A resource another resource can reference: <c>WithReference</c> copies <see cref="GetReferenceEnvironment"/> into the
/// referencing process's environment (Aspire's way: <c>ConnectionStrings__name</c>, <c>services__name__http__0</c>…).
/// Called when the referencing process starts, so values that are only known once this resource runs are there.
/// </summary>
public interface IReferenceableResource : IResource
{
    IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment();
}

/// <summary>A resource that hands out a connection string under <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString : IReferenceableResource
{
    /// <summary>The connection string, or null while it is not known yet (its server has no port yet).</summary>
    string? ConnectionString { get; }
}
